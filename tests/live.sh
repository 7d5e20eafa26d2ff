#!/bin/sh
# live.sh — tlswalk --listen and --connect with real peers no one here
# wrote, all on loopback with ports the system picks:
#   curl, openssl s_client and headless Chromium against --listen;
#   --connect against openssl s_server for several suites and groups.
# For each, the peer's own key log (SSLKEYLOGFILE, -keylogfile) must hold
# tlswalk's client random with the same master secret (tlswalk --keylog
# writes its engine's), the walk must show no MISMATCH, and tlswalk's own
# recomputation must be verified. Where dumpcap may capture on lo, tshark
# must decrypt the capture of a connection with curl's key log.
# Then bad input: a port in use, a refused connection, peers that close
# mid-handshake, garbage and plain HTTP to the TLS port, a silent peer, a
# peer trickling a byte at a time, an oversized record, TLS 1.3-only peers,
# an untrusted server: each one sentence on stderr and exit 1, and what was
# received walked.
# Missing tools skip visibly (SKIP lines); .ci/install-deps installs them.
# Misbehaving peers are small perl scripts (perl-base is in every Debian).

set -u
: "${TW_BIN:?TW_BIN must name the tlswalk binary}"
: "${TW_SRCDIR:?TW_SRCDIR must name the source tree}"

if ! command -v perl >/dev/null 2>&1; then
	echo "SKIP: perl is not installed"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tw-live.XXXXXX") || exit 1
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fails=0
ran=0
certs="$TW_SRCDIR/src/certs"
root="$certs/root.pem"

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; ran=$((ran + 1)); }
skip() { echo "SKIP: $*"; }

# The peers' certificate files: the built-in leaf and intermediate apart.
awk '/BEGIN CERT/{n++} n==1' "$certs/chain.pem" > "$tmp/leaf.pem"
awk '/BEGIN CERT/{n++} n==2' "$certs/chain.pem" > "$tmp/inter.pem"

# A misbehaving peer. srv-*: listens on a free port (written to $2);
# cli-*: connects to port $3.
cat > "$tmp/peer.pl" <<'EOF'
use strict; use IO::Socket::INET;
my ($mode, $pf, $port) = @ARGV;
if ($mode =~ /^srv-/) {
	my $l = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
		LocalPort => 0, ReuseAddr => 1) or die "listen: $!";
	open(my $f, '>', "$pf.tmp") or die; print $f $l->sockport, "\n"; close $f;
	rename "$pf.tmp", $pf;
	my $c = $l->accept or die;
	my $buf;
	if ($mode eq 'srv-silent') { sleep 30; exit 0; }
	sysread($c, $buf, 5);
	if ($mode eq 'srv-close') { close $c; exit 0; }
} else {
	my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port)
		or die "connect: $!";
	if ($mode eq 'cli-half') {             # a ClientHello record cut short
		syswrite($c, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" . ("\x11" x 20));
		close $c; exit 0;
	}
	if ($mode eq 'cli-garbage') { syswrite($c, "\x00\x01\x02\x03\xff\xfe garbage\n"); sleep 3; exit 0; }
	if ($mode eq 'cli-huge') { syswrite($c, "\x16\x03\x01\xff\xff" . ("\x01" x 1000)); sleep 3; exit 0; }
	if ($mode eq 'cli-hold') { sleep 30; exit 0; }
	if ($mode eq 'cli-trickle') {           # one byte each half second
		syswrite($c, "\x16\x03\x01\x01\x00");
		for (1 .. 30) { syswrite($c, "\x01") or exit 0; select(undef, undef, undef, 0.5); }
		exit 0;
	}
}
EOF

# A free loopback port, for a peer that cannot pick its own.
free_port() {
	perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(Listen => 1,
		LocalAddr => "127.0.0.1", LocalPort => 0) or die; print $s->sockport'
}

# start_listen DIR [ARGS]: tlswalk --listen 0 in the background (PID in
# $lpid), the port it got in $lport.
start_listen() {
	d=$1
	shift
	mkdir -p "$d"
	: > "$d/err"
	"$TW_BIN" --listen 0 --timeout 20 --dump --keylog "$d/tw.keys" "$@" \
		> "$d/out" 2> "$d/err" &
	lpid=$!
	pids="$pids $lpid"
	lport=""
	i=0
	while [ $i -lt 100 ]; do
		lport=$(sed -n 's/^tlswalk: listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$d/err")
		[ -n "$lport" ] && break
		sleep 0.1
		i=$((i + 1))
	done
}

# check_walk NAME DIR PEERKEYS: tlswalk exited 0, its key log line is in
# the peer's, and the walk verified the master secret with no MISMATCH.
check_walk() {
	name=$1 d=$2 keys=$3 rc=$4
	if [ "$rc" -ne 0 ]; then
		fail "$name: tlswalk exited $rc: $(tail -1 "$d/err")"
		return
	fi
	line=$(cat "$d/tw.keys" 2>/dev/null)
	case $line in
	"CLIENT_RANDOM "*) ;;
	*) fail "$name: tlswalk wrote no key log line"; return ;;
	esac
	if grep -qxF "$line" "$keys" 2>/dev/null; then
		ok "$name: the peer's own key log holds tlswalk's client random with the same master secret"
	else
		fail "$name: the peer's key log does not hold tlswalk's line $line"
		return
	fi
	if grep -q 'MISMATCH' "$d/out"; then
		fail "$name: the walk shows a MISMATCH"
	elif ! grep -q '^Summary: .* master_secret \[verified\];' "$d/out" \
		|| ! grep -q '^Summary: .* key_block \[verified\]; client_finished \[verified\]; server_finished \[verified\];' "$d/out"; then
		fail "$name: the walk did not verify the master secret, keys and both Finished: $(grep '^Summary' "$d/out")"
	else
		ok "$name: master secret, keys and both Finished verified, no MISMATCH"
	fi
}

root_of() { sed -n 's/.*--cacert \([^ ]*\) --resolve.*/\1/p' "$1/err" | head -1; }

# ---- curl against --listen ----------------------------------------------
if command -v curl >/dev/null 2>&1; then
	d="$tmp/curl"
	start_listen "$d" --pcap "$tmp/curl/tw.pcapng"
	cap=""
	if command -v dumpcap >/dev/null 2>&1 && command -v tshark >/dev/null 2>&1; then
		dumpcap -q -i lo -f "tcp port $lport" -w "$d/cap.pcapng" > "$d/dumpcap.out" 2>&1 &
		cap=$!
		pids="$pids $cap"
		# Capturing once dumpcap says so (or has given up).
		i=0
		while [ $i -lt 100 ] && ! grep -q '^File:' "$d/dumpcap.out" 2>/dev/null \
			&& kill -0 "$cap" 2>/dev/null; do
			sleep 0.1
			i=$((i + 1))
		done
		sleep 0.3
	fi
	SSLKEYLOGFILE="$d/curl.keys" curl -sS --max-time 20 --cacert "$(root_of "$d")" \
		--resolve "www.example.com:$lport:127.0.0.1" \
		"https://www.example.com:$lport/" > "$d/page" 2> "$d/curl.err"
	crc=$?
	wait "$lpid"
	rc=$?
	if [ $crc -ne 0 ]; then
		fail "curl: exited $crc: $(cat "$d/curl.err")"
	elif ! grep -q 'Look at the terminal' "$d/page"; then
		fail "curl: the page does not point at the terminal"
	else
		ok "curl: checked tlswalk's certificate against the built-in root and got the page"
	fi
	check_walk curl "$d" "$d/curl.keys" $rc
	grep -q 'a real client says what it can do' "$d/out" \
		&& ok "curl: its ClientHello offers TLS 1.3 and the lesson says what that changes" \
		|| fail "curl: the ClientHello lesson for a real TLS 1.3-capable client is missing"
	# tlswalk's own --pcap: reconstructed packets, real endpoints, the key
	# of its engine inside; tshark decrypts it with no key log option.
	if command -v tshark >/dev/null 2>&1; then
		got=$(tshark -r "$d/tw.pcapng" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
			-d "tcp.port==$lport,tls" -Y 'http || _ws.expert.severity >= warning' \
			-T fields -e http.request.method -e http.response.code -e _ws.expert.message \
			2>/dev/null | tr '\t\n' '  ')
		case $got in
		*GET*200*[Ww]arn*|*[Ee]rror*) fail "tshark on --pcap: warnings ($got)" ;;
		*GET*200*) ok "tshark: decrypts tlswalk's --pcap of the live connection unaided, checksums right" ;;
		*) fail "tshark on --pcap: no decrypted HTTP (got '$got')" ;;
		esac
	fi
	if [ -n "$cap" ]; then
		sleep 1
		kill -INT "$cap" 2>/dev/null
		wait "$cap" 2>/dev/null
		if [ -s "$d/cap.pcapng" ]; then
			got=$(tshark -r "$d/cap.pcapng" -o "tls.keylog_file:$d/curl.keys" \
				-d "tcp.port==$lport,tls" -Y http -T fields -e http.request.method \
				-e http.response.code 2>/dev/null | tr '\t\n' '  ')
			case $got in
			*GET*200*) ok "tshark: decrypts the captured connection with curl's key log ($got)" ;;
			*) fail "tshark: could not decrypt the captured connection (got '$got')" ;;
			esac
		else
			skip "capturing on lo is not permitted here: $(head -1 "$d/dumpcap.out")"
		fi
	else
		skip "dumpcap/tshark not installed: no capture check"
	fi
	# A client that wants only TLS 1.3: its ClientHello and BearSSL's alert.
	d="$tmp/curl13"
	start_listen "$d"
	curl -sk --tlsv1.3 --max-time 20 "https://127.0.0.1:$lport/" > /dev/null 2>&1
	wait "$lpid"
	rc=$?
	if [ $rc -eq 1 ] && grep -q 'offered only TLS 1.3' "$d/err" \
		&& grep -q 'a real client that wants only TLS 1.3' "$d/out" \
		&& grep -q '\[tls-server-alert\]' "$d/out"; then
		ok "curl --tlsv1.3: its ClientHello and the server's alert walked, exit 1, \"$(tail -1 "$d/err")\""
	else
		fail "curl --tlsv1.3: rc $rc, $(tail -1 "$d/err")"
	fi
else
	skip "curl is not installed"
fi

# ---- openssl s_client against --listen ------------------------------------
if command -v openssl >/dev/null 2>&1; then
	d="$tmp/s_client"
	start_listen "$d"
	printf 'GET /s_client HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n' |
		openssl s_client -connect "127.0.0.1:$lport" -servername www.example.com \
		-CAfile "$root" -verify_return_error -keylogfile "$d/ossl.keys" -quiet -ign_eof \
		> "$d/page" 2> "$d/ossl.err"
	wait "$lpid"
	rc=$?
	grep -q 'Look at the terminal' "$d/page" \
		&& ok "openssl s_client: verified tlswalk's chain and got the page" \
		|| fail "openssl s_client: no page ($(tail -1 "$d/ossl.err"))"
	check_walk "openssl s_client" "$d" "$d/ossl.keys" $rc
else
	skip "openssl is not installed"
fi

# ---- --connect against openssl s_server ---------------------------------
# Four ECDHE suites on four groups, and RSA key exchange (the client's
# block, encrypted again with the certificate's key, is checked).
# start_s_server DIR ARGS...: s_server for one connection on a free port.
start_s_server() {
	d=$1
	shift
	mkdir -p "$d"
	sport=$(free_port)
	: > "$d/ossl.out"
	openssl s_server -accept "127.0.0.1:$sport" -naccept 1 -www \
		-cert "$tmp/leaf.pem" -cert_chain "$tmp/inter.pem" -key "$certs/leaf.key" \
		-keylogfile "$d/ossl.keys" "$@" > "$d/ossl.out" 2>&1 &
	spid=$!
	pids="$pids $spid"
	i=0
	while [ $i -lt 100 ] && ! grep -q '^ACCEPT' "$d/ossl.out"; do
		sleep 0.1
		i=$((i + 1))
	done
}

if command -v openssl >/dev/null 2>&1; then
	for combo in "ECDHE-RSA-AES128-GCM-SHA256 P-256 0xc02f secp256r1" \
		"ECDHE-RSA-AES256-GCM-SHA384 X25519 0xc030 x25519" \
		"ECDHE-RSA-CHACHA20-POLY1305 P-384 0xcca8 secp384r1" \
		"ECDHE-RSA-AES128-SHA P-521 0xc013 secp521r1" \
		"AES128-GCM-SHA256 - 0x009c -"; do
		set -- $combo
		d="$tmp/s_server-$1"
		if [ "$2" = - ]; then
			start_s_server "$d" -tls1_2 -cipher "$1"
		else
			start_s_server "$d" -tls1_2 -cipher "$1" -groups "$2"
		fi
		"$TW_BIN" --connect "localhost:$sport" --host www.example.com --ca "$root" \
			--timeout 20 --dump --keylog "$d/tw.keys" > "$d/out" 2> "$d/err"
		rc=$?
		kill "$spid" 2>/dev/null
		wait "$spid" 2>/dev/null
		check_walk "--connect to s_server $1/$2" "$d" "$d/ossl.keys" $rc
		if grep -q "Cipher Suite: TLS_.* ($3)" "$d/out" \
			&& { [ "$4" = - ] || grep -q "Named Curve: $4" "$d/out"; } \
			&& grep -q 'trusted for this name at this time: \[verified\]' "$d/out"; then
			ok "--connect to s_server $1/$2: suite $3 on $4, chain trusted"
		else
			fail "--connect to s_server $1/$2: suite, group or chain verdict not as expected"
		fi
	done

	# An untrusted server (the system bundle does not hold the demo root):
	# the walk stops where the client stopped, with the chain's verdict.
	d="$tmp/untrusted"
	start_s_server "$d" -tls1_2
	if [ -r /etc/ssl/certs/ca-certificates.crt ]; then
		"$TW_BIN" --connect "localhost:$sport" --host www.example.com --timeout 20 \
			--dump > "$d/out" 2> "$d/err"
		rc=$?
		if [ $rc -eq 1 ] && grep -q "certificate chain failed" "$d/err" \
			&& grep -q '\[tls-server-hello-done\]' "$d/out" && grep -q 'REJECTED' "$d/out"; then
			ok "--connect to an untrusted server: walked to ServerHelloDone, the chain rejected, exit 1"
		else
			fail "--connect to an untrusted server: rc $rc, $(tail -1 "$d/err")"
		fi
	else
		skip "no system trust bundle: untrusted-server case not run"
	fi
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null

	# A TLS 1.3-only server answers BearSSL's TLS 1.2 hello with an alert.
	d="$tmp/tls13"
	start_s_server "$d" -tls1_3
	"$TW_BIN" --connect "localhost:$sport" --host www.example.com --ca "$root" \
		--timeout 20 --dump > "$d/out" 2> "$d/err"
	rc=$?
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	if [ $rc -eq 1 ] && grep -q 'TLS 1.3' "$d/err" && grep -q '\[tls-client-hello\]' "$d/out"; then
		ok "--connect to a TLS 1.3-only server: $(tail -1 "$d/err")"
	else
		fail "--connect to a TLS 1.3-only server: rc $rc, $(tail -1 "$d/err")"
	fi
fi

# ---- headless Chromium against --listen -----------------------------------
chrome=""
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null 2>&1 && chrome=$c && break
done
if [ -n "$chrome" ]; then
	d="$tmp/chromium"
	start_listen "$d"
	SSLKEYLOGFILE="$d/chrome.keys" timeout 90 "$chrome" --headless --no-sandbox \
		--disable-gpu --user-data-dir="$d/profile" --ignore-certificate-errors \
		--host-resolver-rules="MAP www.example.com 127.0.0.1" \
		--dump-dom "https://www.example.com:$lport/" > "$d/page" 2> "$d/chrome.err"
	wait "$lpid"
	rc=$?
	grep -q 'Look at the terminal' "$d/page" \
		&& ok "Chromium: got the page" || fail "Chromium: no page"
	check_walk Chromium "$d" "$d/chrome.keys" $rc
	if grep -q 'GREASE (reserved, RFC 8701)' "$d/out" && ! grep -q 'Undecoded' "$d/out"; then
		ok "Chromium: its ClientHello's GREASE values named, every byte decoded"
	else
		fail "Chromium: GREASE not named, or undecoded bytes in the walk"
	fi
else
	skip "Chromium is not installed (Debian package chromium): browser case not run"
fi

# ---- bad input --------------------------------------------------------------
# expect NAME DIR PATTERN: tlswalk exited 1 and its last stderr line is one
# sentence matching PATTERN.
expect_fail() {
	name=$1 d=$2 pat=$3 rc=$4
	last=$(tail -1 "$d/err")
	if [ "$rc" -eq 1 ] && echo "$last" | grep -q "^tlswalk: .*$pat"; then
		ok "$name: exit 1, \"$last\""
	else
		fail "$name: rc $rc, last line \"$last\" (expected exit 1 and /$pat/)"
	fi
}

d="$tmp/inuse"
mkdir -p "$d"
port=$(free_port)
perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(Listen => 1,
	LocalAddr => "127.0.0.1", LocalPort => $ARGV[0], ReuseAddr => 1) or die;
	open F, ">", $ARGV[1]; close F; sleep 20' "$port" "$d/held" &
hp=$!
pids="$pids $hp"
i=0
while [ $i -lt 50 ] && [ ! -f "$d/held" ]; do sleep 0.1; i=$((i + 1)); done
"$TW_BIN" --listen "$port" --dump > "$d/out" 2> "$d/err"
expect_fail "port in use" "$d" "already in use" $?
grep -q 'Try one of these' "$d/err" && fail "port in use: the commands were printed before the error"
kill "$hp" 2>/dev/null

d="$tmp/refused"
mkdir -p "$d"
"$TW_BIN" --connect "localhost:$(free_port)" --host www.example.com --dump > "$d/out" 2> "$d/err"
expect_fail "connection refused" "$d" "connection refused" $?
[ -s "$d/out" ] && fail "connection refused: something was walked without a connection"

for m in srv-close srv-silent; do
	d="$tmp/$m"
	mkdir -p "$d"
	perl "$tmp/peer.pl" "$m" "$d/port" &
	pp=$!
	pids="$pids $pp"
	i=0
	while [ $i -lt 50 ] && [ ! -f "$d/port" ]; do sleep 0.1; i=$((i + 1)); done
	"$TW_BIN" --connect "localhost:$(cat "$d/port")" --host www.example.com --ca "$root" \
		--timeout 2 --dump > "$d/out" 2> "$d/err"
	rc=$?
	kill "$pp" 2>/dev/null
	case $m in
	srv-close) expect_fail "server closes mid-handshake" "$d" "reset the connection\|closed the connection" $rc ;;
	srv-silent) expect_fail "silent server (--timeout 2)" "$d" "sent nothing for 2 s" $rc ;;
	esac
	grep -q '\[tls-client-hello\]' "$d/out" \
		&& ok "$m: what was exchanged (tlswalk's ClientHello) is still walked" \
		|| fail "$m: the ClientHello that was sent is not walked"
done

for m in cli-half cli-garbage cli-huge cli-hold http cli-trickle; do
	d="$tmp/$m"
	case $m in
	cli-trickle) start_listen "$d" --timeout 1 ;;
	*) start_listen "$d" --timeout 2 ;;
	esac
	case $m in
	http) curl -s --max-time 5 "http://127.0.0.1:$lport/" > /dev/null 2>&1 ;;
	*) perl "$tmp/peer.pl" "$m" x "$lport" & pp=$!; pids="$pids $pp" ;;
	esac
	wait "$lpid"
	rc=$?
	case $m in
	cli-half) expect_fail "client closes mid-handshake" "$d" "closed the connection during the handshake, after 31 of the 517 bytes" $rc ;;
	cli-garbage) expect_fail "garbage to the TLS port" "$d" "bytes that are not TLS" $rc ;;
	cli-huge) expect_fail "oversized record" "$d" "record of 65535 bytes, more than TLS allows" $rc ;;
	cli-hold) expect_fail "silent client (--timeout 2)" "$d" "sent nothing for 2 s" $rc ;;
	http) expect_fail "plain HTTP to the TLS port" "$d" "plain HTTP to the TLS port" $rc ;;
	cli-trickle) expect_fail "a client trickling bytes (6 x --timeout 1)" "$d" "more than 6 s in all" $rc ;;
	esac
done

# --listen and --connect refuse what a live peer cannot give.
"$TW_BIN" --listen 0 --seed 1 > /dev/null 2> "$tmp/seed.err"
[ $? -eq 2 ] && ok "--seed with --listen: usage error" || fail "--seed with --listen accepted"
"$TW_BIN" --connect 127.0.0.1:1 > /dev/null 2> "$tmp/ip.err"
[ $? -eq 2 ] && grep -q -- '--host NAME' "$tmp/ip.err" \
	&& ok "--connect to an address without --host: usage error naming --host" \
	|| fail "--connect to an address without --host: $(cat "$tmp/ip.err")"

echo "live.sh: $ran passed, $fails failed"
[ $fails -eq 0 ] || exit 1
[ $ran -gt 0 ] || exit 77
exit 0
