#!/bin/sh
# capture.sh — tlswalk --read on captures that other tools made: openssl
# s_server <-> s_client and curl, recorded by dumpcap on loopback with the
# clients' key logs (tests/captures/make-captures.sh, derive.sh; the files
# are in tests/data/captures). For each TLS 1.2 capture every record must
# open and both Finished verify with the key log, and where tshark is
# installed the values Wireshark also derives (randoms, suite, server name,
# session keys, decrypted HTTP) must equal ours. Then: link types, IPv6,
# VLAN, reassembly, keys inside a pcapng, several connections, the round
# trip through tlswalk's own --pcap, and bad input (one sentence, exit 1
# or 2, never a crash). Run by `make check` (TW_BIN, TW_SRCDIR set).
#
# Values come from the JSON by sed/awk on its fixed layout (jansson, two-
# space indent, one "key": value per line), so neither python nor jq is needed.
set -u
bin=${TW_BIN:-./tlswalk}
src=${TW_SRCDIR:-.}
d=$src/tests/data/captures
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tw-capture.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
same() {   # what, tshark's, ours
	if [ -n "$3" ] && [ "$2" = "$3" ]; then ok; else bad "$1: tshark says '$2', tlswalk says '$3'"; fi
}

jstr() { sed -n "s/^ *\"$1\": \"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n 1; }
# A verdict from the "verdicts" object (item ids also name values elsewhere).
jverdict() { sed -n '/^  "verdicts": {/,/^  }/p' "$2" | sed -n "s/^ *\"$1\": \"\([^\"]*\)\".*/\1/p" | head -n 1; }
jint() { sed -n "s/^ *\"$1\": \\([0-9][0-9]*\\).*/\\1/p" "$2" | head -n 1; }

# The application data tlswalk decrypted in one direction, as hex.
appdata() {   # json, client-to-server | server-to-client
	awk -v want="$2" '
		/"decrypted_records"/ { on = 1 }
		on && /"direction":/ { dir = $0; sub(/.*"direction": "/, "", dir); sub(/".*/, "", dir) }
		on && /"content_type":/ { ct = $0; gsub(/[^0-9]/, "", ct) }
		on && /"plaintext_hex":/ && dir == want && ct == 23 {
			h = $0; sub(/.*"plaintext_hex": "/, "", h); sub(/".*/, "", h); out = out h }
		END { print out }' "$1"
}

have_tshark=0
command -v tshark >/dev/null 2>&1 && have_tshark=1
[ $have_tshark -eq 1 ] || echo "tshark is not installed: the comparisons with Wireshark are skipped"

# tshark's session keys from its debug file: the first block of a label.
tskey() {   # debugfile, label
	awk -v lab="$2" 'index($0, lab "[") == 1 { g = 1; next }
		g && /^\|/ { l = substr($0, 3, 48); gsub(/ /, "", l); h = h l; next }
		g { exit } END { print h }' "$1"
}

# tshark's decrypted application data of TCP stream n, one direction.
# Node 0 is whoever sent application data first (in TLS 1.3 the server's
# NewSessionTicket may come first): its lines are not indented.
tsfollow() {   # pcap, keys, stream, 0 (client) | 1 (server), [client port]
	tshark -r "$1" -o "tls.keylog_file:$2" -q -z "follow,tls,raw,$3" 2>/dev/null |
		awk -v side="$4" -v cport="${5:-}" '
			seen && /^=+$/ { exit }
			/^Node 0:/ { n0 = $0; sub(/.*:/, "", n0); if (cport != "" && n0 != cport) side = 1 - side }
			/^Node 1:/ { seen = 1; next }
			seen && side == 1 && /^\t/ { sub(/^\t/, ""); h = h $0 }
			seen && side == 0 && /^[0-9a-f]/ { h = h $0 }
			END { print h }'
}

# walk NAME FILE [CONN [REF]]: the full check of one TLS 1.2 connection;
# tshark reads REF (default FILE), the capture FILE was derived from when
# tshark cannot follow FILE itself.
walk() {
	name=$1 f=$d/$2 keys=$d/${1%%#*}.keys conn=${3:-} ref=$d/${4:-$2}
	j=$tmp/$name.json
	if ! "$bin" --read "$f" --keys "$keys" --ca "$d/${WALK_CA:-ca.pem}" ${conn:+--conn "$conn"} \
		--json >"$j" 2>"$tmp/err"; then
		bad "$name: tlswalk --read exited non-zero: $(cat "$tmp/err")"
		return
	fi
	for v in key_block client_finished server_finished record_tags ${WALK_NOCHAIN:-certificate_chain}; do
		got=$(jverdict "$v" "$j")
		[ "$got" = verified ] && ok || bad "$name: verdict $v is '$got', want verified"
	done
	# Every ServerKeyExchange signature (ECDSA, RSA-PSS) checks out.
	got=$(sed -n '/^    "server_params": {/,/^    }/p' "$j" | sed -n 's/^ *"signature_verdict": "\([^"]*\)".*/\1/p' | head -n 1)
	[ -n "$got" ] || got=missing
	if [ "$(jint cipher_suite "$j")" -lt 49152 ] || [ -n "${WALK_NOCHAIN:-}" ]; then
		[ "$got" = missing ] && ok || bad "$name: RSA key exchange has no ServerKeyExchange, yet its verdict is '$got'"
	else
		[ "$got" = verified ] && ok || bad "$name: ServerKeyExchange signature '$got', want verified"
	fi
	[ -n "$(appdata "$j" client-to-server)" ] && [ -n "$(appdata "$j" server-to-client)" ] \
		&& ok || bad "$name: no decrypted HTTP in one direction"
	[ $have_tshark -eq 1 ] || return
	stream=$(( ${conn:-1} - 1 ))
	f=$ref
	ts() { tshark -r "$f" -o "tls.keylog_file:$keys" -Y "tcp.stream eq $stream && $1" \
		-T fields -e "$2" 2>/dev/null | head -n 1; }
	same "$name client random" "$(ts 'tls.handshake.type == 1' tls.handshake.random)" "$(jstr client_random "$j")"
	same "$name server random" "$(ts 'tls.handshake.type == 2' tls.handshake.random)" "$(jstr server_random "$j")"
	same "$name cipher suite" "$(ts 'tls.handshake.type == 2' tls.handshake.ciphersuite)" \
		"$(printf '0x%04x' "$(jint cipher_suite "$j")")"
	same "$name server name" "$(ts 'tls.handshake.type == 1' tls.handshake.extensions_server_name)" \
		"$(jstr host "$j")"
	cport=$(sed -n '/"client": {/,/}/s/^ *"port": \([0-9]*\).*/\1/p' "$j" | head -n 1)
	same "$name request (decrypted)" "$(tsfollow "$f" "$keys" "$stream" 0 "$cport")" "$(appdata "$j" client-to-server)"
	same "$name response (decrypted)" "$(tsfollow "$f" "$keys" "$stream" 1 "$cport")" "$(appdata "$j" server-to-client)"
	if [ "$stream" -eq 0 ]; then
		tshark -r "$f" -o "tls.keylog_file:$keys" -o "tls.debug_file:$tmp/dbg" >/dev/null 2>&1
		same "$name client write key" "$(tskey "$tmp/dbg" 'Client Write key')" "$(jstr client_write_key "$j")"
		same "$name server write key" "$(tskey "$tmp/dbg" 'Server Write key')" "$(jstr server_write_key "$j")"
		civ=$(jstr client_write_iv "$j")
		if [ -n "$civ" ]; then
			same "$name client write IV" "$(tskey "$tmp/dbg" 'Client Write IV')" "$civ"
			same "$name server write IV" "$(tskey "$tmp/dbg" 'Server Write IV')" "$(jstr server_write_iv "$j")"
		fi
		cmac=$(jstr client_write_mac_key "$j")
		if [ -n "$cmac" ]; then
			same "$name client MAC key" "$(tskey "$tmp/dbg" 'Client MAC key')" "$cmac"
			same "$name server MAC key" "$(tskey "$tmp/dbg" 'Server MAC key')" "$(jstr server_write_mac_key "$j")"
		fi
	fi
}

# One suite of each record protection, openssl on both ends.
walk gcm-rsa gcm-rsa.pcapng             # AES-GCM, pcapng, Ethernet (dumpcap -i lo)
walk chacha-rsa chacha-rsa.pcapng       # ChaCha20-Poly1305
walk ccm-ecdsa ccm-ecdsa.pcap           # AES-CCM, ECDSA, classic pcap
walk cbc-rsakx cbc-rsakx.pcapng         # AES-CBC + HMAC, RSA key exchange
walk gcm384-v6-sll gcm384-v6-sll.pcapng # SHA-384 PRF, IPv6, Linux cooked (SLL2)
# curl, two connections in one capture.
walk "curl-two#1" curl-two.pcapng 1
walk "curl-two#2" curl-two.pcapng 2
# Mutual TLS (the client's Certificate and CertificateVerify), and a resumed
# session (abbreviated handshake: the server's Finished first, no
# certificate, no key exchange), made later with their own root.
WALK_CA=ca-more.pem walk mtls mtls.pcapng
WALK_CA=ca-more.pem walk "resume#1" resume.pcapng 1
WALK_CA=ca-more.pem WALK_NOCHAIN=" " walk "resume#2" resume.pcapng 2
"$bin" --read "$d/resume.pcapng" --keys "$d/resume.keys" --conn 2 --dump 2>/dev/null | grep '^---- .*\[tls-' \
	| sed 's/.*\[\(tls-[a-z-]*\)\].*/\1/' | tr '\n' ' ' >"$tmp/resumed"
[ "$(cat "$tmp/resumed")" = "tls-client-hello tls-server-hello tls-server-change-cipher-spec tls-server-finished tls-client-change-cipher-spec tls-client-finished tls-server-close-notify tls-client-close-notify " ] \
	&& ok || bad "resumed session steps: $(cat "$tmp/resumed")"
# Link types and reassembly, each from gcm-rsa (tests/captures/derive.sh).
walk "gcm-rsa#vlan" vlan.pcap
walk "gcm-rsa#null" null.pcap
# (tshark does not decrypt the reordered copy: compared with the original)
walk "gcm-rsa#reorder" reorder.pcap "" gcm-rsa.pcapng

# --list-conns: one line each, keys known.
"$bin" --read "$d/curl-two.pcapng" --keys "$d/curl-two.keys" --list-conns >"$tmp/list" 2>"$tmp/err"
n=$(grep -c 'keys: yes' "$tmp/list")
[ "$n" -eq 2 ] && grep -q '^2  127.0.0.1:[0-9]* -> 127.0.0.1:[0-9]*  SNI www.example.test  TLS 1.2  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256  keys: yes' "$tmp/list" \
	&& ok || bad "--list-conns: $(cat "$tmp/list" "$tmp/err")"
"$bin" --read "$d/tls13-aes-128-gcm.pcapng" --list-conns | grep -q 'TLS 1.3  TLS_AES_128_GCM_SHA256  keys: no' \
	&& ok || bad "--list-conns on TLS 1.3 without keys"
# The default connection is the first complete one, and the choice is said.
"$bin" --read "$d/curl-two.pcapng" --keys "$d/curl-two.keys" --dump >/dev/null 2>"$tmp/err"
grep -q 'walking the first complete one, connection 1' "$tmp/err" && ok || bad "choice not printed: $(cat "$tmp/err")"

# Keys from the pcapng's Decryption Secrets Block (editcap --inject-secrets).
if "$bin" --read "$d/gcm-rsa-dsb.pcapng" --ca "$d/ca.pem" --json >"$tmp/dsb.json" 2>"$tmp/err"; then
	[ "$(jverdict client_finished "$tmp/dsb.json")" = verified ] && ok || bad "DSB keys did not verify the Finished"
else
	bad "gcm-rsa-dsb.pcapng: $(cat "$tmp/err")"
fi

# The real packets are shown: addresses, ports, IPv6.
"$bin" --read "$d/gcm384-v6-sll.pcapng" --keys "$d/gcm384-v6-sll.keys" --dump 2>/dev/null \
	| grep -q '^client \[::1\]:[0-9]*  <->  server \[::1\]:[0-9]*' && ok || bad "IPv6 endpoints not shown"

# Reassembly: what happened is said.
"$bin" --read "$d/reorder.pcap" --keys "$d/gcm-rsa.keys" --dump 2>/dev/null >"$tmp/re.txt"
grep -q "client's 5 data segments include 1 retransmitted" "$tmp/re.txt" \
	&& grep -q "1 out of order and 1 overlapping" "$tmp/re.txt" && ok || bad "reorder.pcap notes missing"
# A segment lost from the capture: a gap, said; the client's side still walks.
"$bin" --read "$d/gap.pcap" --keys "$d/gcm-rsa.keys" --dump >"$tmp/gap.txt" 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -q "bytes of the server's stream are missing from the capture" "$tmp/gap.txt" \
	&& grep -q '\[tls-client-hello\]' "$tmp/gap.txt" && ok || bad "gap.pcap: exit $st, $(cat "$tmp/err")"

# A capture that starts after the handshake: said plainly, exit 1.
"$bin" --read "$d/late.pcapng" --keys "$d/gcm-rsa.keys" --dump >"$tmp/late" 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -q 'starts after this connection.s TLS handshake' "$tmp/err" \
	&& grep -q 'The capture starts after the TLS handshake: its 4 records cannot be opened' "$tmp/late" \
	&& ok || bad "late.pcapng: exit $st, $(cat "$tmp/err")"

# TLS 1.3 (AES-GCM, ChaCha20): its own steps; every record opened with the
# keys HKDF derives from the key log's traffic secrets, both Finished and
# the CertificateVerify checked; the keys and the decrypted HTTP equal
# tshark's.
appdata13() {   # json, direction
	awk -v want="$2" '
		/"tls13": \{/ { on = 1 }
		on && /"direction":/ { dir = $0; sub(/.*"direction": "/, "", dir); sub(/".*/, "", dir) }
		on && /"inner_content_type":/ { ct = $0; gsub(/[^0-9]/, "", ct) }
		on && /"plaintext_hex":/ && dir == want && ct == 23 {
			h = $0; sub(/.*"plaintext_hex": "/, "", h); sub(/".*/, "", h); out = out h }
		END { print out }' "$1"
}
# The write key of one traffic secret in the tls13 object.
key13() {   # json, secret name
	sed -n "/\"$2\": {/,/}/s/^ *\"write_key\": \"\([0-9a-f]*\)\".*/\\1/p" "$1" | head -n 1
}
for c in tls13-aes-128-gcm tls13-chacha20-poly1305; do
	j=$tmp/$c.json
	if ! "$bin" --read "$d/$c.pcapng" --keys "$d/$c.keys" --ca "$d/ca.pem" --json >"$j" 2>"$tmp/err"; then
		bad "$c: $(cat "$tmp/err")"
		continue
	fi
	for v in records server_finished client_finished certificate_verify certificate_chain; do
		got=$(sed -n '/"tls13": {/,$p' "$j" | sed -n "s/^ *\"$v\": \"\([^\"]*\)\".*/\\1/p" | head -n 1)
		[ "$got" = verified ] && ok || bad "$c: TLS 1.3 verdict $v is '$got'"
	done
	"$bin" --read "$d/$c.pcapng" --keys "$d/$c.keys" --dump 2>/dev/null | grep '^---- ' >"$tmp/steps13"
	for id in tls13-client-hello tls13-server-hello tls13-encrypted-extensions tls13-certificate \
		tls13-certificate-verify tls13-server-finished tls13-client-finished tls13-http-request \
		tls13-http-response tls13-new-session-ticket; do
		grep -q "\[$id\]" "$tmp/steps13" && ok || bad "$c: no step $id"
	done
	[ $have_tshark -eq 1 ] || continue
	tshark -r "$d/$c.pcapng" -o "tls.keylog_file:$d/$c.keys" -o "tls.debug_file:$tmp/dbg13" >/dev/null 2>&1
	same "$c client handshake key" "$(tskey "$tmp/dbg13" 'Client Write Key')" "$(key13 "$j" client_handshake_traffic_secret)"
	same "$c server handshake key" "$(tskey "$tmp/dbg13" 'Server Write Key')" "$(key13 "$j" server_handshake_traffic_secret)"
	cport=$(sed -n '/"client": {/,/}/s/^ *"port": \([0-9]*\).*/\1/p' "$j" | head -n 1)
	same "$c request (decrypted)" "$(tsfollow "$d/$c.pcapng" "$d/$c.keys" 0 0 "$cport")" "$(appdata13 "$j" client-to-server)"
	same "$c response (decrypted)" "$(tsfollow "$d/$c.pcapng" "$d/$c.keys" 0 1 "$cport")" "$(appdata13 "$j" server-to-client)"
done
# Without the key log: the hellos, then the encrypted records said closed.
"$bin" --read "$d/tls13-aes-128-gcm.pcapng" --dump >"$tmp/t13" 2>"$tmp/err"
grep -q '\[tls13-server-encrypted\]' "$tmp/t13" && grep -q '\[tls13-server-hello\]' "$tmp/t13" \
	&& ok || bad "TLS 1.3 without keys: $(cat "$tmp/err")"

# A complete TLS 1.3 connection is neither a refused handshake nor a
# resumption: its ServerHello echoes the client's legacy session id (RFC
# 8446 D.4) and its steps are named tls13-*, which the TLS 1.2 lesson
# conditions (has!=tls-server-hello, resumed=yes) once took at face value.
for lang in en zh; do
	"$bin" --lang $lang --read "$d/tls13-aes-128-gcm.pcapng" --keys "$d/tls13-aes-128-gcm.keys" \
		--dump >"$tmp/t13l" 2>"$tmp/err"
	if grep -q 'TLS 1.3' "$tmp/t13l" && ! grep -qE 'no ServerHello came back|refused at once|abbreviated TLS handshake|No version was chosen|一开始就被拒绝|简化' "$tmp/t13l"; then
		ok
	else
		bad "TLS 1.3 capture ($lang) told with the lessons of a refused or resumed TLS 1.2 handshake: $(grep -nE 'no ServerHello|refused|abbreviated|No version' "$tmp/t13l" | head -n 3)"
	fi
done
"$bin" --read "$d/tls13-aes-128-gcm.pcapng" --keys "$d/tls13-aes-128-gcm.keys" --json 2>/dev/null \
	| grep -q '"resumed": false' && ok || bad "TLS 1.3 capture: JSON does not say resumed false"

# Round trip: tlswalk --read of tlswalk's own --pcap shows the same steps,
# bytes, records, packets and values (the secrets it can know: a capture
# has no pre-master secret).
"$bin" --seed 1 --pcap "$tmp/own.pcapng" --json >"$tmp/own.json" 2>/dev/null
"$bin" --read "$tmp/own.pcapng" --json >"$tmp/back.json" 2>"$tmp/err" || bad "round trip: $(cat "$tmp/err")"
# (The master secret's "value", not its PRF trace, the parts of that
# trace's seed, nor the pre-master secret: a capture cannot know them; not
# the source's "name"; not the verdicts, where the engines' own reports add
# checks a capture cannot make.)
keep='"(id|name|number|bytes|stream_offset|length|seq|ack|flags_value|ts_usec|content_type|sequence|client_random|server_random|cipher_suite|value|client_write_key|server_write_key|client_write_iv|server_write_iv|verify_data|plaintext_hex|tag|nonce|aad|path|host|clock)":'
for x in own back; do
	sed '/"pre_master_secret": {/,/}/d; /"verdicts": {/,/}/d
		/"master_secret": {/,/^    }/{/"seed_parts": \[/,/^      \]/d}' "$tmp/$x.json" | grep -E "$keep" \
		| grep -v 'own.pcapng, connection' >"$tmp/$x.keep"
done
if cmp -s "$tmp/own.keep" "$tmp/back.keep"; then
	ok
	echo "round trip: $(wc -l <"$tmp/own.keep") values equal"
else
	bad "round trip differs:"
	diff "$tmp/own.keep" "$tmp/back.keep" | head -20
fi
"$bin" --seed 1 --dump 2>/dev/null | grep '^---- ' >"$tmp/own.steps"
"$bin" --read "$tmp/own.pcapng" --dump 2>/dev/null | grep '^---- ' >"$tmp/back.steps"
cmp -s "$tmp/own.steps" "$tmp/back.steps" && ok || bad "round trip: the steps differ"

# ---- bad input: one sentence on stderr, exit 1 or 2, nothing crashes ----
expect_error() {   # status pattern -- args
	want=$1 pat=$2
	shift 3
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	if [ $st -ne "$want" ]; then
		bad "tlswalk $*: exit $st, want $want ($(cat "$tmp/err"))"
	elif ! grep -q -- "$pat" "$tmp/err"; then
		bad "tlswalk $*: stderr '$(cat "$tmp/err")' lacks '$pat'"
	elif [ "$want" -eq 2 ] && [ "$(grep -c . "$tmp/err")" -ne 1 ]; then
		bad "tlswalk $*: more than one line on stderr: $(cat "$tmp/err")"
	else
		ok
	fi
}
expect_error 2 "not a pcap or pcapng capture" -- --read "$src/tests/data/notpem.txt"
: >"$tmp/empty"
expect_error 2 "the file is empty" -- --read "$tmp/empty"
expect_error 2 "cannot open" -- --read "$tmp/nonexistent.pcap"
head -c 20 "$d/gcm-rsa.pcapng" >"$tmp/head.pcapng"
expect_error 2 "not a pcap or pcapng capture" -- --read "$tmp/head.pcapng"
head -c 1500 "$d/ccm-ecdsa.pcap" >"$tmp/cut.pcap"
expect_error 1 "cut short" -- --read "$tmp/cut.pcap" --dump
expect_error 1 "no TLS connection in the capture" -- --read "$d/plain-http.pcapng"
printf 'CLIENT_RANDOM zz 00\n' >"$tmp/bad.keys"
expect_error 2 "bad.keys line 1: the client random must be 64 hex digits" -- --read "$d/gcm-rsa.pcapng" --keys "$tmp/bad.keys"
{ echo "# a comment"; echo; sed 's/.$//' "$d/gcm-rsa.keys"; } >"$tmp/short.keys"
expect_error 2 "short.keys line 4: the CLIENT_RANDOM secret must be 96 hex digits" -- --read "$d/gcm-rsa.pcapng" --keys "$tmp/short.keys"
expect_error 1 "no CLIENT_RANDOM line for this connection" -- --read "$d/gcm-rsa.pcapng" --keys "$d/chacha-rsa.keys" --dump
expect_error 2 "the capture has 2 TLS connections" -- --read "$d/curl-two.pcapng" --conn 3
expect_error 2 "--conn x: give a connection number" -- --read "$d/curl-two.pcapng" --conn x
expect_error 2 "give the capture with --read FILE" -- --keys "$d/gcm-rsa.keys"
expect_error 2 "--suite chooses what the built-in client and server do" -- --read "$d/gcm-rsa.pcapng" --suite 0xc02f
expect_error 2 "--keys $tmp/nokeys: cannot open" -- --read "$d/gcm-rsa.pcapng" --keys "$tmp/nokeys"

# The TCP lessons speak of this capture, not of tlswalk's own framing: no
# documentation addresses, no "443 is this port", the MSS from the client's
# SYN (65495 on loopback, where these captures were made), in both languages.
for lang in en zh; do
	"$bin" --read "$d/null.pcap" --dump --lang $lang >"$tmp/lo.$lang" 2>/dev/null
done
! grep -q '192\.0\.2\.0/24\|> [0-9]* is the well-known port of HTTPS\|1460 here\|1460 bytes here' "$tmp/lo.en" \
	&& ! grep -q '192\.0\.2\.0/24\|> [0-9]* 是 HTTPS 的知名端口\|这里是 1460' "$tmp/lo.zh" \
	&& grep -q "65495 bytes in the client's SYN here" "$tmp/lo.en" \
	&& grep -q '客户端的 SYN 中是 65495 字节' "$tmp/lo.zh" && ok \
	|| bad "a loopback capture's TCP lessons still speak of tlswalk's own addresses, port or MSS"

# The lessons of a TLS 1.2 capture speak of the capture, not of tlswalk's
# own run: a capture has no seed, no scalar, no --pcap to write, and no
# pre-master secret this program recovered. A variant naming source= wins
# over one written for a key exchange (lesson.c tw_lessons_pick), so the
# RSA-key-exchange capture gets the capture's RSA ClientKeyExchange, whose
# section holds no "(not available)".
for c in cbc-rsakx.pcapng:cbc-rsakx.keys: chacha-rsa.pcapng:chacha-rsa.keys: \
	gcm-rsa.pcapng:gcm-rsa.keys: gcm384-v6-sll.pcapng:gcm384-v6-sll.keys: \
	ccm-ecdsa.pcap:ccm-ecdsa.keys: mtls.pcapng:mtls.keys: curl-two.pcapng:curl-two.keys: \
	curl-two.pcapng:curl-two.keys:2 resume.pcapng:resume.keys: resume.pcapng:resume.keys:2; do
	f=${c%%:*}; rest=${c#*:}; k=${rest%%:*}; n=${rest#*:}
	for lang in en zh; do
		out=$tmp/lesson.$lang
		"$bin" --read "$d/$f" --keys "$d/$k" ${n:+--conn $n} --dump --lang $lang >"$out" 2>/dev/null
		if grep -q 'This run used seed\|tlswalk --seed\|--pcap capture\.pcapng\|server scalar\|this program recovered\|本次运行使用的种子\|服务器秘密数\|本程序用服务器私钥\|--pcap FILE\|--pcap 文件名\|BearSSL happens to send\|BearSSL 恰好\|Content-Length header so the client\|带有 Content-Length 头部，客户端据此\|Connection: close) and a blank line\|Connection: close），以及一个空行\|clock --seed fixes\|--seed 固定的时钟\|engine received\|引擎收到\|sending engine was given\|与发送方写入的相同\|most implementations (OpenSSL, BearSSL)\|大多数实现（OpenSSL、BearSSL）' "$out"; then
			bad "$f${n:+ --conn $n} --lang $lang: a lesson speaks of tlswalk's own run: $(grep -o 'This run used seed\|tlswalk --seed\|--pcap capture\.pcapng\|server scalar\|this program recovered\|本次运行使用的种子\|服务器秘密数\|本程序用服务器私钥\|--pcap FILE\|--pcap 文件名\|BearSSL happens to send\|BearSSL 恰好\|Content-Length header so the client\|带有 Content-Length 头部，客户端据此\|Connection: close) and a blank line\|Connection: close），以及一个空行\|clock --seed fixes\|--seed 固定的时钟\|engine received\|引擎收到\|sending engine was given\|与发送方写入的相同\|most implementations (OpenSSL, BearSSL)\|大多数实现（OpenSSL、BearSSL）' "$out" | head -n 1)"
		elif awk '/^---- .*\[tls-client-key-exchange\]/ { on = 1; next } /^---- / { on = 0 } on' "$out" \
			| grep -q '(not available)\|（暂无）'; then
			bad "$f --lang $lang: the ClientKeyExchange lessons show a value a capture does not have"
		elif grep -q '(not available)\|（暂无）' "$out"; then
			bad "$f${n:+ --conn $n} --lang $lang: a lesson shows a value a capture has: $(grep -o '.\{40\}(not available).\{20\}\|.\{20\}（暂无）.\{10\}' "$out" | head -n 1)"
		else
			ok
		fi
	done
done
for lang in en zh; do
	"$bin" --read "$d/cbc-rsakx.pcapng" --keys "$d/cbc-rsakx.keys" --dump --lang $lang \
		| awk '/^---- .*\[tls-client-key-exchange\]/ { on = 1; next } /^---- / { on = 0 } on' >"$tmp/cke.$lang"
done
grep -q 'ClientKeyExchange — the pre-master secret, encrypted to the server.s RSA key' "$tmp/cke.en" \
	&& grep -q 'ClientKeyExchange — 用服务器 RSA 公钥加密的预主密钥' "$tmp/cke.zh" \
	&& ! grep -q 'ECDHE parameter\|c × G\|X25519(c' "$tmp/cke.en" \
	&& ! grep -q 'ECDHE 算法的另一个参数\|c × G\|X25519(c' "$tmp/cke.zh" && ok \
	|| bad "the RSA-key-exchange capture's ClientKeyExchange lesson does not say RSA key exchange"

# The real client of a capture accepted the chain (the connection went
# on); only tlswalk's own re-check, without that capture's root, failed. The
# field notes must not say the chain "did not pass the client's check".
for lang in en zh; do
	"$bin" --lang $lang --read "$d/gcm-rsa.pcapng" --keys "$d/gcm-rsa.keys" --dump >"$tmp/chain.$lang" 2>/dev/null
	if grep -q "did not pass the client's check\|没有通过客户端的检查" "$tmp/chain.$lang"; then
		bad "gcm-rsa ($lang): a field note says the client rejected a chain it accepted"
	else
		ok
	fi
done
# The HTTP lessons give the request's and response's lengths from the
# records opened here: the sizes tshark's TLS stream shows with the same key
# log. The IPv6 capture's overview names the addresses tshark reads, and its
# SYN lesson speaks of an IPv6 header, not an IPv4 one.
if command -v tshark >/dev/null 2>&1; then
	for c in gcm-rsa curl-two chacha-rsa cbc-rsakx; do
		sizes=$(tshark -r "$d/$c.pcapng" -o "tls.keylog_file:$d/$c.keys" -q -z follow,tls,ascii,0 2>/dev/null \
			| awk '/^\t?[0-9]+$/ { gsub(/\t/, ""); n[++k] = $0 } END { print n[1] " " n[2] }')
		req=${sizes% *}; resp=${sizes#* }
		"$bin" --read "$d/$c.pcapng" --keys "$d/$c.keys" --dump --lang en >"$tmp/http.en" 2>/dev/null
		"$bin" --read "$d/$c.pcapng" --keys "$d/$c.keys" --dump --lang zh >"$tmp/http.zh" 2>/dev/null
		if [ -n "$req" ] && [ -n "$resp" ] \
			&& grep -q "request ($req bytes) and response ($resp bytes)" "$tmp/http.en" \
			&& grep -q "request the client wrote ($req bytes of HTTP" "$tmp/http.en" \
			&& grep -q "The response ($resp bytes of HTTP" "$tmp/http.en" \
			&& grep -q "客户端写的请求（$req 字节的 HTTP" "$tmp/http.zh" \
			&& grep -q "响应（$resp 字节的 HTTP" "$tmp/http.zh"; then
			ok
		else
			bad "$c: the HTTP lessons do not give the sizes tshark decrypts ($req, $resp)"
		fi
	done
	v6=$(tshark -r "$d/gcm384-v6-sll.pcapng" -c 1 -T fields -e ipv6.src -e tcp.srcport -e ipv6.dst -e tcp.dstport 2>/dev/null)
	set -- $v6
	for lang in en zh; do
		"$bin" --read "$d/gcm384-v6-sll.pcapng" --keys "$d/gcm384-v6-sll.keys" --dump --lang $lang >"$tmp/v6.$lang" 2>/dev/null
	done
	if [ $# -eq 4 ] && grep -q "a TCP connection from $1 port $2 to $3 port $4," "$tmp/v6.en" \
		&& grep -q "从 $1 端口 $2 到 $3 端口 $4 的 TCP 连接" "$tmp/v6.zh" \
		&& grep -q "the IPv6 header goes from $1 to $3" "$tmp/v6.en" \
		&& grep -q "IPv6 头部从 $1 发往 $3" "$tmp/v6.zh" \
		&& ! grep -q "IPv4 header\|IPv4 头部" "$tmp/v6.en" "$tmp/v6.zh"; then
		ok
	else
		bad "the IPv6 capture's lessons do not name the addresses tshark reads ($v6), or speak of IPv4"
	fi
fi

# The teardown in the order it happened: tshark names the side of the first
# FIN; the walk's closing steps come in that order, the last ACK is there,
# and the lessons say who closed first (openssl s_server closes first in
# gcm-rsa; curl, the client, in chacha-rsa).
if command -v tshark >/dev/null 2>&1; then
	for c in gcm-rsa chacha-rsa; do
		sport=$(tshark -r "$d/$c.pcapng" -Y 'tcp.flags.syn==1 && tcp.flags.ack==1' -T fields -e tcp.srcport 2>/dev/null | head -n 1)
		fport=$(tshark -r "$d/$c.pcapng" -Y 'tcp.flags.fin==1' -T fields -e tcp.srcport 2>/dev/null | head -n 1)
		[ "$fport" = "$sport" ] && want=server || want=client
		"$bin" --read "$d/$c.pcapng" --keys "$d/$c.keys" --dump --lang en >"$tmp/close.en" 2>/dev/null
		"$bin" --read "$d/$c.pcapng" --keys "$d/$c.keys" --dump --lang zh >"$tmp/close.zh" 2>/dev/null
		first=$(sed -n 's/^---- close [0-9]*  FIN\/ACK  \[tcp-\([a-z]*\)-fin\].*/\1/p' "$tmp/close.en" | head -n 1)
		if [ "$first" = "$want" ] && grep -q '^---- close [0-9]*  ACK  \[tcp-last-ack\]' "$tmp/close.en"; then
			ok
		else
			bad "$c: the first FIN in the walk is the $first's, tshark says the $want's (or no last ACK)"
		fi
		if [ $want = server ]; then
			grep -q "FIN from the server — TCP closes one direction" "$tmp/close.en" \
				&& grep -q "服务器的 FIN — TCP 关闭一个方向" "$tmp/close.zh" \
				&& grep -q "The server, which closed first, keeps the port in TIME_WAIT" "$tmp/close.en" \
				&& ok || bad "$c: the lessons do not say the server closed first"
		else
			grep -q "FIN from the client — TCP closes one direction" "$tmp/close.en" \
				&& grep -q "客户端的 FIN — TCP 关闭一个方向" "$tmp/close.zh" \
				&& ok || bad "$c: the lessons do not say the client closed first"
		fi
	done
fi

# The SYN lesson names the options the client's SYN really carries, in its
# order, as tshark reads them (NOPs left out): a capture's and tlswalk's own.
if command -v tshark >/dev/null 2>&1; then
	for f in "$d/gcm-rsa.pcapng" "$tmp/own.pcapng"; do
		want=$(tshark -r "$f" -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' -T fields -e tcp.option_kind 2>/dev/null \
			| head -n 1 | tr ',' '\n' | awk '
				$1 == 2 { n[++k] = "maximum segment size" } $1 == 3 { n[++k] = "window scaling" }
				$1 == 4 { n[++k] = "SACK" } $1 == 8 { n[++k] = "timestamps" }
				$1 != 1 && $1 != 2 && $1 != 3 && $1 != 4 && $1 != 8 { n[++k] = "option " $1 }
				END { for (i = 1; i <= k; i++) printf "%s%s", (i > 1 ? ", " : ""), n[i] }')
		case $f in "$d"/*) args="--read $f --keys ${f%.pcapng}.keys" ;; *) args="--read $f" ;; esac
		# shellcheck disable=SC2086
		got=$("$bin" $args --dump 2>/dev/null | sed -n "s/^ *- Options announce what the client's TCP supports: \(.*\)\.$/\1/p" | head -n 1)
		[ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "$(basename "$f"): SYN options '$got', tshark reads '$want'"
	done
fi

# gcm-rsa's server sent one certificate, signed by the root itself: the
# Certificate lesson must not speak of an intermediate CA it never had.
"$bin" --read "$d/gcm-rsa.pcapng" --keys "$d/gcm-rsa.keys" --dump 2>/dev/null \
	| grep -q "through an intermediate CA\." && bad "gcm-rsa: an intermediate CA the capture has not" || ok

echo "capture: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
