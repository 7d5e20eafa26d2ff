#!/bin/sh
# tshark.sh — Wireshark's own dissector, which users already trust, reads
# tlswalk --pcap and must agree with us: checksums correct, nothing
# malformed, every handshake message recognised, the Finished messages and
# the HTTP exchange decrypted from the secrets block alone (no option), and
# the suite, randoms, curve, signature algorithm and server name equal to
# what tlswalk --json reports. Skips (exit 77) where tshark is not
# installed; CI installs it.
#
# Our values come from the JSON by plain sed on its fixed layout (jansson,
# two-space indent, one "key": value per line; these keys occur once), so
# neither python nor jq is needed.

set -u
: "${TW_BIN:?TW_BIN must name the tlswalk binary}"

if ! command -v tshark >/dev/null 2>&1; then
	echo "SKIP: tshark is not installed"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tw-tshark.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
pcap="$tmp/seed1.pcapng"
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

ok() {
	echo "ok: $*"
}

# tshark with checksum verification on; stderr (the warning tshark prints
# when run as root) kept aside and shown only if tshark itself fails.
ts() {
	if ! tshark -r "$pcap" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		"$@" 2>"$tmp/tshark.err"; then
		echo "tshark failed: $*" >&2
		grep -v 'Running as user' "$tmp/tshark.err" >&2
		return 1
	fi
}

"$TW_BIN" --seed 1 --pcap "$pcap" >/dev/null || { echo "FAIL: tlswalk --pcap"; exit 1; }
"$TW_BIN" --seed 1 --json >"$tmp/s1.json" || { echo "FAIL: tlswalk --json"; exit 1; }
tshark --version 2>/dev/null | head -n 1

# ---- our values, from the JSON ----
jstr() { sed -n "s/^ *\"$1\": \"\\([^\"]*\\)\".*/\\1/p" "$tmp/s1.json" | head -n 1; }
jint() { sed -n "s/^ *\"$1\": \\([0-9][0-9]*\\).*/\\1/p" "$tmp/s1.json" | head -n 1; }
our_suite=$(printf '0x%04x' "$(jint cipher_suite)")
our_crandom=$(jstr client_random)
our_srandom=$(jstr server_random)
our_curve=$(printf '0x%04x' "$(jint named_curve)")
our_curve_type=0x$(jstr params | cut -c1-2)
our_sigalg=$(printf '0x%04x' "$(jint signature_algorithm)")
our_host=$(jstr host)
for v in "$our_suite" "$our_crandom" "$our_srandom" "$our_curve" "$our_sigalg" "$our_host"; do
	case $v in
	''|0x0000) echo "FAIL: a value is missing from tlswalk --json"; exit 1 ;;
	esac
done

# ---- plain output ----
ts >"$tmp/plain.txt" || exit 1
nframes=$(wc -l <"$tmp/plain.txt")
grep -q 'GET / HTTP/1.1' "$tmp/plain.txt" && ok "plain output shows GET / HTTP/1.1" \
	|| fail "plain output lacks 'GET / HTTP/1.1'"
grep -q 'HTTP/1.1 200 OK' "$tmp/plain.txt" && ok "plain output shows HTTP/1.1 200 OK" \
	|| fail "plain output lacks 'HTTP/1.1 200 OK'"

# ---- checksums and malformed packets ----
good=$(ts -Y 'ip.checksum.status == 1 && tcp.checksum.status == 1' | wc -l)
[ "$good" -eq "$nframes" ] && ok "$good of $nframes frames: IPv4 and TCP checksums Good" \
	|| fail "only $good of $nframes frames have both checksums Good"
bad=$(ts -Y '_ws.malformed || _ws.expert.severity >= 6291456 || ip.checksum_bad.expert || tcp.checksum_bad.expert || ip.checksum.status == 0 || tcp.checksum.status == 0' | wc -l)
[ "$bad" -eq 0 ] && ok "no malformed packet, no warning or error, no bad checksum" || {
	fail "$bad frames malformed, warned about or with a bad checksum:"
	ts -Y '_ws.malformed || _ws.expert.severity >= 6291456' -T fields \
		-e frame.number -e _ws.expert.message
}

# ---- handshake messages, Finished decrypted ----
types=$(ts -T fields -e tls.handshake.type | tr ',' '\n' | grep -v '^$' | sort -un | tr '\n' ' ')
missing=
for t in 1 2 11 12 14 16 20; do
	case " $types" in
	*" $t "*) ;;
	*) missing="$missing $t" ;;
	esac
done
[ -z "$missing" ] && ok "handshake types recognised by tshark: $types" \
	|| fail "handshake type(s)$missing not recognised (tshark saw: $types)"
fin=$(ts -Y 'tls.handshake.type == 20' -T fields -e ip.src | sort -u | wc -l)
[ "$fin" -eq 2 ] && ok "both Finished messages decrypted (type 20 from both sides)" \
	|| fail "decrypted Finished from $fin side(s), want 2"

# ---- HTTP decrypted with no option given ----
n=$(ts -Y 'http.request.method == "GET"' | wc -l)
[ "$n" -eq 1 ] && ok "HTTP GET decrypted" || fail "$n decrypted HTTP GET requests, want 1"
n=$(ts -Y 'http.response.code == 200' | wc -l)
[ "$n" -eq 1 ] && ok "HTTP 200 response decrypted" || fail "$n decrypted HTTP 200 responses, want 1"

# ---- tshark's values equal ours ----
same() {   # name, tshark's, ours
	if [ "$2" = "$3" ]; then ok "$1: $2"; else fail "$1: tshark says '$2', tlswalk says '$3'"; fi
}
field() {  # display filter, field
	ts -Y "$1" -T fields -e "$2" | head -n 1
}
same "cipher suite (ServerHello)" "$(field 'tls.handshake.type == 2' tls.handshake.ciphersuite)" "$our_suite"
same "client random" "$(field 'tls.handshake.type == 1' tls.handshake.random)" "$our_crandom"
same "server random" "$(field 'tls.handshake.type == 2' tls.handshake.random)" "$our_srandom"
same "curve type" "$(field 'tls.handshake.type == 12' tls.handshake.server_curve_type)" "$our_curve_type"
same "named curve" "$(field 'tls.handshake.type == 12' tls.handshake.server_named_curve)" "$our_curve"
same "signature algorithm" "$(field 'tls.handshake.type == 12' tls.handshake.sig_hash_alg)" "$our_sigalg"
same "server name" "$(field 'tls.handshake.type == 1' tls.handshake.extensions_server_name)" "$our_host"

# ---- the key block Wireshark derives equals ours ----
# tshark's TLS debug log prints "key expansion[N]:" followed by hex rows;
# its first bytes are client/server write keys and IVs, as ours.
our_kb=$(awk '/"key_block": \{/{f=1} f && /"output":/{print; exit}' "$tmp/s1.json" \
	| sed 's/.*"output": "\([0-9a-f]*\)".*/\1/')
ts -o "tls.debug_file:$tmp/tls-debug.txt" >/dev/null || exit 1
ws_kb=$(awk '/^key expansion\[/{f=1; next} f && /^\|/{print; next} f{exit}' "$tmp/tls-debug.txt" \
	| sed 's/^| //; s/ |.*//' | tr -d ' \n' | cut -c1-${#our_kb})
if [ -n "$our_kb" ] && [ "$ws_kb" = "$our_kb" ]; then
	ok "key block (${#our_kb} hex digits): Wireshark derives the same"
else
	fail "key block: tshark derives '$ws_kb', tlswalk says '$our_kb'"
fi

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
exit 0
