#!/bin/sh
# tshark_suites.sh — Wireshark, which users already trust, decrypts every
# suite tlswalk can walk (issue 8, item 12). For each suite of
# --list-suites (its default group), and for each group once with the
# default suite: tlswalk --seed 1 --pcap writes a pcapng with the TLS key
# inside, and tshark, given no option but its debug log, must
#   - read the ServerHello's suite (and curve) as the one asked for,
#   - decrypt both Finished messages, the GET and the 200,
#   - derive the key block tlswalk --json reports: the whole block and
#     each key cut from it (MAC keys, write keys, fixed IVs).
# One tshark run per pcap, all fields at once, to stay well under a minute.
# ECDSA suites run with --cert-type ecdsa. Skips (exit 77) where tshark is
# not installed; CI installs it.
#
# Our values come from the JSON by plain sed on its fixed layout (jansson,
# two-space indent, one "key": value per line; the keys used occur once).

set -u
: "${TW_BIN:?TW_BIN must name the tlswalk binary}"

if ! command -v tshark >/dev/null 2>&1; then
	echo "SKIP: tshark is not installed"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tw-tshark-suites.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
runs=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# jstr KEY FILE: the first string value of KEY in a JSON file.
jstr() { sed -n "s/^ *\"$1\": \"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n 1; }
jint() { sed -n "s/^ *\"$1\": \\([0-9][0-9]*\\).*/\\1/p" "$2" | head -n 1; }

# wskey LABEL FILE: the bytes tshark's TLS debug log prints after
# "LABEL[n]:" (rows "| xx xx ... |ascii|"), as one hex string.
wskey() {
	awk -v want="$1" '
		f && /^\|/ { h = substr($0, 3, 48); gsub(/ /, "", h); out = out h; next }
		f { exit }
		index($0, want "[") == 1 { f = 1 }
		END { print out }' "$2"
}

group_id() {
	case $1 in
	x25519) echo 0x001d ;;
	secp256r1) echo 0x0017 ;;
	secp384r1) echo 0x0018 ;;
	secp521r1) echo 0x0019 ;;
	esac
}

# run CODE NAME GROUP: one connection, checked; GROUP may be empty.
run() {
	code=$1 name=$2 group=$3
	what="$name${group:+ on $group}"
	base="$tmp/run$runs"
	runs=$((runs + 1))
	set -- --seed 1 --suite "$code" --json --pcap "$base.pcapng"
	[ -n "$group" ] && set -- "$@" --group "$group"
	case $name in *_ECDSA_*) set -- "$@" --cert-type ecdsa ;; esac
	if ! "$TW_BIN" "$@" >"$base.json" 2>"$base.err"; then
		fail "$what: tlswalk $*: $(cat "$base.err")"
		return
	fi
	if ! tshark -r "$base.pcapng" -o "tls.debug_file:$base.dbg" -T fields -E separator='|' \
		-e ip.src -e tls.handshake.type -e tls.handshake.ciphersuite \
		-e tls.handshake.server_named_curve -e http.request.method -e http.response.code \
		>"$base.txt" 2>"$base.tserr"; then
		fail "$what: tshark failed: $(grep -v 'Running as user' "$base.tserr")"
		return
	fi
	bad=

	# The ServerHello (the frame whose first handshake type is 2) names the suite.
	got=$(awk -F'|' '$2 ~ /^2(,|$)/ { print $3; exit }' "$base.txt")
	[ "$got" = "$code" ] || bad="$bad; tshark reads suite '$got' in the ServerHello"
	if [ -n "$group" ]; then
		want=$(group_id "$group")
		got=$(awk -F'|' '$4 != "" { print $4; exit }' "$base.txt")
		[ "$got" = "$want" ] || bad="$bad; tshark reads curve '$got', want $want"
		ours=$(printf '0x%04x' "$(jint named_curve "$base.json")")
		[ "$ours" = "$want" ] || bad="$bad; tlswalk --json says curve $ours, want $want"
	fi

	# Decrypted with no option: Finished from both sides, the GET and the 200.
	n=$(awk -F'|' '$2 ~ /(^|,)20(,|$)/ { print $1 }' "$base.txt" | sort -u | wc -l)
	[ "$n" -eq 2 ] || bad="$bad; Finished decrypted from $n side(s), want 2"
	n=$(awk -F'|' '$5 == "GET"' "$base.txt" | wc -l)
	[ "$n" -eq 1 ] || bad="$bad; $n GET decrypted, want 1"
	n=$(awk -F'|' '$6 == "200"' "$base.txt" | wc -l)
	[ "$n" -eq 1 ] || bad="$bad; $n HTTP 200 decrypted, want 1"

	# The key block: Wireshark may derive more than the suite uses (CBC
	# IVs TLS 1.2 does not take from it), so ours must be its prefix.
	ours=$(awk '/"key_block": \{/{f=1} f && /"output":/{print; exit}' "$base.json" \
		| sed 's/.*"output": "\([0-9a-f]*\)".*/\1/')
	got=$(wskey "key expansion" "$base.dbg" | cut -c1-${#ours})
	[ -n "$ours" ] && [ "$got" = "$ours" ] \
		|| bad="$bad; key block: tshark '$got', tlswalk '$ours'"
	for k in "client_write_mac_key:Client MAC key" "server_write_mac_key:Server MAC key" \
		"client_write_key:Client Write key" "server_write_key:Server Write key" \
		"client_write_iv:Client Write IV" "server_write_iv:Server Write IV"; do
		ours=$(jstr "${k%%:*}" "$base.json")
		case ${k%%:*} in
		*_write_key) [ -n "$ours" ] || bad="$bad; no ${k%%:*} in tlswalk --json" ;;
		esac
		[ -n "$ours" ] || continue   # not in this suite's key block (CBC: no fixed IV)
		got=$(wskey "${k#*:}" "$base.dbg")
		[ "$got" = "$ours" ] || bad="$bad; ${k%%:*}: tshark '$got', tlswalk '$ours'"
	done

	if [ -n "$bad" ]; then
		fail "$what${bad}"
	else
		echo "ok: $what: suite${group:+ and curve} read, Finished x2, GET and 200 decrypted, same key block"
	fi
}

tshark --version 2>/dev/null | head -n 1
"$TW_BIN" --list-suites >"$tmp/suites.txt" || { echo "FAIL: tlswalk --list-suites"; exit 1; }
grep '^0x' "$tmp/suites.txt" | awk '{ print $1, $2 }' >"$tmp/list.txt"
[ -s "$tmp/list.txt" ] || { echo "FAIL: tlswalk --list-suites lists no suite"; exit 1; }

default=
while read -r code name; do
	[ -n "$default" ] || default="$code $name"
	run "$code" "$name" ""
done <"$tmp/list.txt"
for g in x25519 secp256r1 secp384r1 secp521r1; do
	run ${default% *} ${default#* } "$g"
done

echo "$runs connections run"
if [ "$fails" -ne 0 ]; then
	echo "$fails connection(s) failed"
	exit 1
fi
exit 0
