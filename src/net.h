/*
 * net.h — the few socket operations live mode needs, each bounded by a
 * timeout and each failure told in one sentence.
 *
 * IPv4 only: the TCP stage frames the connection as IPv4 packets, and a
 * name is resolved to its first IPv4 address. All waits use poll() with a
 * timeout in milliseconds (negative: wait without limit).
 */
#ifndef TW_NET_H
#define TW_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <netinet/in.h>
#include "tw_err.h"

/* "[ADDR:]PORT" (ADDR an IPv4 address or a name; default 127.0.0.1) or,
 * with default_port non-zero, "HOST[:PORT]" (HOST copied into host).
 * what names the option in messages ("--listen"). */
int tw_net_parse_listen(const char *arg, struct sockaddr_in *sa, tw_err *e);
int tw_net_parse_connect(const char *arg, char *host, size_t host_size,
	uint16_t *port, tw_err *e);

/* A listening socket on sa (SO_REUSEADDR). */
int tw_net_listen(const struct sockaddr_in *sa, tw_err *e);

/* Wait for one connection; its peer's address in *peer. */
int tw_net_accept(int lfd, int timeout_ms, struct sockaddr_in *peer, tw_err *e);

/* Resolve host (IPv4) and connect within timeout_ms. */
int tw_net_connect(const char *host, uint16_t port, int timeout_ms,
	struct sockaddr_in *peer, tw_err *e);

/* Read at most n bytes once data arrives: the count, 0 at end of stream,
 * -1 with e set (timeout, reset). */
ssize_t tw_net_read(int fd, void *buf, size_t n, int timeout_ms, tw_err *e);

/* Write all n bytes; -1 with e set. */
int tw_net_write(int fd, const void *buf, size_t n, int timeout_ms, tw_err *e);

/* "127.0.0.1:8443" */
void tw_net_format(const struct sockaddr_in *sa, char *buf, size_t size);

#endif
