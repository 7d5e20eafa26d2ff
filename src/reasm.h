/*
 * reasm.h — TCP reassembly of one direction of a captured connection.
 *
 * Segments arrive as the capture saw them: retransmitted, out of order,
 * overlapping, or missing altogether (the capturing host dropped them).
 * The stream is the contiguous run of bytes from the first sequence
 * number (the SYN's plus one, or the first segment's when the capture
 * started later). A segment beyond the end of that run waits in a bounded
 * list until the bytes before it arrive; when the reading ends with
 * segments still waiting, the bytes before the first of them are a gap:
 * the stream stops there, because nothing after a hole can be framed
 * into TLS records with certainty. Where an overlapping retransmission
 * carries other bytes than the first copy, the first copy is kept (as
 * Linux does) and the conflict counted. Memory is bounded by limit.
 */
#ifndef TW_REASM_H
#define TW_REASM_H

#include <stdint.h>
#include <stddef.h>

typedef struct {
	size_t off;              /* stream offset of the first byte */
	uint8_t *data;           /* owned */
	size_t len;
} tw_reasm_seg;

#define TW_REASM_MAX_PENDING 256

typedef struct {
	uint32_t base;           /* sequence number of stream offset 0 */
	int based;
	uint8_t *data;           /* the contiguous stream (owned) */
	size_t len, cap;
	size_t limit;            /* at most this many stream bytes are kept */
	int truncated;           /* bytes beyond limit were dropped */
	tw_reasm_seg pend[TW_REASM_MAX_PENDING];
	size_t npend, pend_bytes;
	/* What happened, for the learner. */
	size_t segments;         /* segments with payload */
	size_t retransmitted;    /* wholly inside bytes already held */
	size_t out_of_order;     /* arrived beyond the end of the stream */
	size_t overlapping;      /* partly inside bytes already held */
	size_t conflicts;        /* overlapping bytes that differed */
	size_t dropped;          /* could not be held (limit, pending list full) */
} tw_reasm;

/* Start a direction whose first stream byte has sequence number base. */
void tw_reasm_init(tw_reasm *r, uint32_t base, size_t limit);

/* Add a segment's payload. *off receives its stream offset (before 0 is
 * reported as 0 with the part before base cut off). Returns -1 when
 * memory runs out, else 0. */
int tw_reasm_add(tw_reasm *r, uint32_t seq, const uint8_t *p, size_t n,
	size_t *off);

/* After the last segment: where the first gap starts (== r->len) and how
 * long it is; 0 when nothing is waiting beyond the stream. */
size_t tw_reasm_gap(const tw_reasm *r);

/* Hand the stream over (the caller frees it) and free the rest. */
uint8_t *tw_reasm_take(tw_reasm *r, size_t *len);

void tw_reasm_free(tw_reasm *r);

#endif
