#!/bin/sh
# cli.sh — the tlswalk command line as a user meets it: the dump, the key
# log, reproducibility, and one clear sentence plus a non-zero status for
# every kind of bad input. Run by `make check` (TW_BIN, TW_SRCDIR set).
set -u
bin=${TW_BIN:-./tlswalk}
src=${TW_SRCDIR:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_error STATUS PATTERN -- ARGS...: exit status, one line on stderr
# matching PATTERN, nothing on stdout.
expect_error() {
	want=$1 pat=$2
	shift 3
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$st" -ne "$want" ]; then
		bad "tlswalk $*: exit $st, expected $want ($(cat "$tmp/err"))"
	elif [ "$lines" -ne 1 ]; then
		bad "tlswalk $*: $lines lines on stderr, expected one sentence"
	elif ! grep -q -- "$pat" "$tmp/err"; then
		bad "tlswalk $*: stderr '$(cat "$tmp/err")' lacks '$pat'"
	elif [ "$want" -eq 2 ] && [ -s "$tmp/out" ]; then
		bad "tlswalk $*: printed to stdout on a usage error"
	else
		ok
	fi
}

# --- the walkthrough ---
"$bin" --dump --seed 1 >"$tmp/d1" 2>"$tmp/e1"; st=$?
[ $st -eq 0 ] && ok || bad "--dump --seed 1 exited $st: $(cat "$tmp/e1")"
"$bin" --dump --seed 1 >"$tmp/d2" 2>/dev/null
cmp -s "$tmp/d1" "$tmp/d2" && ok || bad "two runs with --seed 1 differ"
"$bin" --dump --seed 2 >"$tmp/d3" 2>/dev/null
cmp -s "$tmp/d1" "$tmp/d3" && bad "--seed 1 and --seed 2 give the same dump" || ok
for id in tcp-syn tcp-syn-ack tcp-ack tls-client-hello tls-server-hello \
	tls-certificate tls-server-key-exchange tls-server-hello-done \
	tls-client-key-exchange tls-client-change-cipher-spec tls-client-finished \
	tls-server-change-cipher-spec tls-server-finished http-request \
	http-response tls-client-close-notify tls-server-close-notify \
	tcp-client-fin tcp-server-fin tcp-last-ack; do
	grep -q "\[$id\]" "$tmp/d1" && ok || bad "step $id missing from the dump"
done
# Steps appear in storyline order.
order=$(grep -o '^---- [^ ]*' "$tmp/d1" | awk '{print $2}' | tr '\n' ' ')
[ "$order" = "1 2 3 ① ② ③ ④ ⑤ ⑥ ⑦ ⑧ ⑨ ⑩ HTTP HTTP close close close close close " ] && ok \
	|| bad "step order is '$order'"
grep -q 'MISMATCH' "$tmp/d1" && bad "the dump reports a MISMATCH" || ok
grep -q '\[missing\]' "$tmp/d1" && bad "the dump reports a missing value" || ok
for what in 'pre-master secret = X' 'master secret: ' 'A(1): ' 'client write key' \
	'client verify_data' 'server verify_data' 'tag check: \[verified\]' \
	'signature checked with the certificate.s public key: \[verified\]' 'X509_OK' \
	'| GET / HTTP/1.1' '| HTTP/1.1 200 OK'; do
	grep -q -- "$what" "$tmp/d1" && ok || bad "the dump lacks '$what'"
done
n=$(grep -o '\[verified\]' "$tmp/d1" | wc -l)
[ "$n" -ge 20 ] && ok || bad "only $n verified marks"

# stdout not a terminal: the dump is the default.
"$bin" --seed 1 >"$tmp/d4" 2>/dev/null
cmp -s "$tmp/d1" "$tmp/d4" && ok || bad "without --dump, piped output differs from --dump"

# A fresh run prints the seed it used, and that seed repeats its bytes.
"$bin" --dump >"$tmp/f1" 2>"$tmp/fe"
seed=$(sed -n 's/.*--seed \([0-9]*\).*/\1/p' "$tmp/fe")
if [ -n "$seed" ]; then
	ok
	"$bin" --dump --seed "$seed" >"$tmp/f2" 2>/dev/null
	a=$(grep '^      client random: ' "$tmp/f1"); b=$(grep '^      client random: ' "$tmp/f2")
	[ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "--seed $seed did not repeat the client random"
else
	bad "a fresh run did not print its seed: $(cat "$tmp/fe")"
fi

# --keylog holds the master secret both engines report (the dump shows
# it verified against both), for the client random of this connection.
"$bin" --seed 1 --keylog "$tmp/keys" >/dev/null 2>&1
cr=$(sed -n 's/^      client random: //p' "$tmp/d1")
ms=$(sed -n '/^      master secret: /{s/.*: //;N;s/\n *//;p}' "$tmp/d1")
line=$(cat "$tmp/keys" 2>/dev/null)
[ "$line" = "CLIENT_RANDOM $cr $ms" ] && ok || bad "key log '$line' != 'CLIENT_RANDOM $cr $ms'"
grep -q 'equals the client engine.s: \[verified\]' "$tmp/d1" \
	&& grep -q 'equals the server engine.s: \[verified\]' "$tmp/d1" \
	&& ok || bad "master secret not verified against both engines"

# --dump --step: one step only, by id or by number (a teacher's link).
steps=$("$bin" --dump --seed 1 --step tls-server-key-exchange 2>/dev/null | grep -c '^---- ')
"$bin" --dump --seed 1 --step tls-server-key-exchange 2>/dev/null | grep -q '^---- ④  ServerKeyExchange' \
	&& [ "$steps" -eq 1 ] && ok || bad "--dump --step tls-server-key-exchange printed $steps steps"
"$bin" --dump --seed 1 --step 4 2>/dev/null | grep -q '^---- ①  ClientHello' && ok \
	|| bad "--dump --step 4 is not the ClientHello"

# --- help and version ---
"$bin" --help >"$tmp/h" 2>&1 && grep -q -- '--keylog FILE' "$tmp/h" && ok || bad "--help"
"$bin" -h >/dev/null 2>&1 && ok || bad "-h"
"$bin" --version | grep -q '^tlswalk [0-9]' && ok || bad "--version"

# --- bad input: one sentence, non-zero status ---
D=$src/tests/data
C=$src/src/certs
expect_error 2 "unknown option '--bogus'" -- --bogus
expect_error 2 "unknown option '-x'" -- -x
expect_error 2 "needs a value" -- --seed
expect_error 2 "'abc' is not a number" -- --seed abc
expect_error 2 "'-5' is not a number" -- --seed -5
expect_error 2 "unexpected argument 'extra'" -- extra
expect_error 2 "--step 99: no such step" -- --seed 1 --dump --step 99
expect_error 2 "--step nope: no such step" -- --seed 1 --dump --step nope
expect_error 2 "no-such.pem: cannot open" -- --cert "$tmp/no-such.pem"
expect_error 2 "no-such.key: cannot open" -- --key "$tmp/no-such.key"
expect_error 2 "no-such-ca.pem: cannot open" -- --ca "$tmp/no-such-ca.pem"
expect_error 2 "notpem.txt: no PEM block" -- --cert "$D/notpem.txt"
expect_error 2 "notpem.txt: no PEM block" -- --key "$D/notpem.txt"
expect_error 2 "notpem.txt: no PEM block" -- --ca "$D/notpem.txt"
expect_error 2 "does not match the certificate" -- --key "$D/other.key"
expect_error 2 "'bad host' is not a host name" -- --host "bad host"
expect_error 2 "--path: 'nopath' is not a request path" -- --path nopath
# Files a teacher may really have: each gets a sentence that says what it is.
expect_error 2 "the key is an EC key, the certificate's key is RSA" -- --key "$D/ec.key"
expect_error 2 "the file holds: PRIVATE KEY" -- --cert "$C/leaf.key"
expect_error 2 "the file holds: CERTIFICATE, CERTIFICATE" -- --key "$C/chain.pem"
expect_error 2 "is a directory" -- --cert "$tmp"
expect_error 2 "is a directory" -- --ca "$tmp"
sed '1d;$d' "$C/leaf.pem" | base64 -d >"$tmp/leaf.der"
expect_error 2 "leaf.der: this is binary DER, not PEM" -- --cert "$tmp/leaf.der"
# An encrypted key, both ways OpenSSL writes one (headers are enough to tell).
{ echo '-----BEGIN RSA PRIVATE KEY-----'; echo 'Proc-Type: 4,ENCRYPTED'
  echo 'DEK-Info: AES-256-CBC,A5852D92594620F7C20407F403CD9FB4'; echo
  sed '1d;$d' "$C/leaf.key"; echo '-----END RSA PRIVATE KEY-----'; } >"$tmp/enc1.key"
expect_error 2 "enc1.key: the private key is encrypted" -- --key "$tmp/enc1.key"
{ echo '-----BEGIN ENCRYPTED PRIVATE KEY-----'; sed '1d;$d' "$C/leaf.key"
  echo '-----END ENCRYPTED PRIVATE KEY-----'; } >"$tmp/enc8.key"
expect_error 2 "enc8.key: the private key is encrypted" -- --key "$tmp/enc8.key"
# Windows line endings: the same connection as the LF files.
for f in chain.pem leaf.key root.pem; do sed 's/$/\r/' "$C/$f" >"$tmp/crlf-$f"; done
"$bin" --seed 1 --cert "$tmp/crlf-chain.pem" --key "$tmp/crlf-leaf.key" --ca "$tmp/crlf-root.pem" \
	>"$tmp/d7" 2>"$tmp/e7" && cmp -s "$tmp/d1" "$tmp/d7" && ok \
	|| bad "PEM files with CRLF line endings: $(cat "$tmp/e7")"
expect_error 2 "'99999999999999999999' is too large" -- --seed 99999999999999999999
# Host names the certificate check could never accept are refused up front.
expect_error 2 "ends with a dot" -- --host www.example.com.
expect_error 2 "'192.0.2.1' looks like an IP address" -- --host 192.0.2.1
expect_error 2 "has an empty label" -- --host www..example.com
expect_error 2 "starts or ends with '-'" -- --host -www.example.com
expect_error 2 "longer than 63" -- --host "$(printf 'a%.0s' $(seq 64)).com"
"$bin" --seed 1 --host WWW.Example.COM >/dev/null 2>&1 && ok || bad "--host in capitals fails"
# A long path comes back in the page, not as "/".
p=/$(printf 'x%.0s' $(seq 400))
"$bin" --seed 1 --path "$p" 2>/dev/null | grep -q "You asked for $p over" && ok \
	|| bad "--path of 401 characters is not echoed by the server"
# The demo server's page escapes the path it echoes; a fragment is refused.
"$bin" --seed 1 --dump --path "/a<b>&\"'c" 2>/dev/null | grep -q "You asked for /a&lt;b&gt;&amp;&quot;&#39;c over" && ok \
	|| bad "--path with HTML metacharacters is not escaped in the page"
"$bin" --seed 1 --dump --path "/a<b>" 2>/dev/null | grep -q "You asked for /a<b>" && bad "--path '/a<b>' reaches the page as markup" || ok
expect_error 2 "--path: '/page#top' has a fragment" -- --seed 1 --dump --path '/page#top'
# The seed printed by a run without --seed repeats every byte of it, the
# HTTP Date header included (the packets' capture times follow the clock,
# so compare the dump of the response, bytes and decryption).
# (The header line says whether the seed was drawn: left out.)
"$bin" --dump --step http-response 2>"$tmp/ue" | sed '/^seed /d' >"$tmp/u1"
useed=$(sed -n 's/.*seed \([0-9]*\) (run with --seed.*/\1/p' "$tmp/ue")
"$bin" --dump --step http-response --seed "${useed:-0}" 2>/dev/null | sed '/^seed /d' >"$tmp/u2"
[ -n "$useed" ] && cmp -s "$tmp/u1" "$tmp/u2" && ok \
	|| bad "--seed $useed (printed by a run without --seed) does not repeat the HTTP response: $(diff "$tmp/u1" "$tmp/u2" | head -4)"
# --json prints everything and no explanations: options that cannot apply
# to it are refused, not ignored. --step takes no spaces, as --seed.
expect_error 2 "--json prints the whole connection and no explanations: --dump does not apply" -- --seed 1 --json --dump
expect_error 2 "--step does not apply" -- --seed 1 --json --step 4
expect_error 2 "--lang does not apply" -- --seed 1 --json --lang zh
expect_error 2 "--step ' 4': no such step" -- --seed 1 --dump --step ' 4'
# matches_sent: "not-applicable" where there is no plaintext to compare
# (Finished, alerts), a verdict on application data, never "missing".
"$bin" --seed 1 --json >"$tmp/j1" 2>/dev/null
grep -q '"matches_sent": *"not-applicable"' "$tmp/j1" && grep -q '"matches_sent": *"verified"' "$tmp/j1" \
	&& ! grep -q '"matches_sent": *"missing"' "$tmp/j1" && ok || bad "--json: matches_sent on records with nothing to match"
# A certificate the client cannot verify: the connection runs and fails.
expect_error 1 "BR_ERR_X509_NOT_TRUSTED" -- --seed 1 --ca "$D/other-root.pem"
expect_error 1 "BR_ERR_X509_BAD_SERVER_NAME" -- --seed 1 --host www.example.org
# A teacher's link to a step the failed connection never reached: the
# sentence gives the failure, not "no such step".
expect_error 1 "--step http-request: the connection stopped before that step (the client stopped the connection: BR_ERR_X509_NOT_TRUSTED" -- \
	--seed 1 --dump --ca "$D/other-root.pem" --step http-request
# Output files are checked before anything runs (status 2, nothing on
# standard output), hold secrets (0600), replace an older file whole, leave
# no temporary file behind, and are never one of the inputs.
expect_error 2 "--keylog .*no/such/dir/keys: .*No such file or directory" -- --seed 1 --dump --keylog "$tmp/no/such/dir/keys"
# ... and the message says what to do about a missing directory.
expect_error 2 "--html .*no/such/dir/x.html: directory .*No such file or directory (create it first, or write elsewhere)" -- --seed 1 --html "$tmp/no/such/dir/x.html"
# --quiz with an option it cannot take says to leave that option out.
expect_error 2 "--quiz asks questions on the whole connection: --json does not apply to it; leave it out" -- --seed 1 --quiz --json
expect_error 2 "--pcap $tmp: is a directory" -- --seed 1 --dump --pcap "$tmp"
mkdir "$tmp/out3"
printf 'old\n' >"$tmp/out3/k" && chmod 644 "$tmp/out3/k"
"$bin" --seed 1 --keylog "$tmp/out3/k" --pcap "$tmp/out3/p.pcapng" >/dev/null 2>&1 && ok || bad "--keylog and --pcap together failed"
for f in k p.pcapng; do
	[ "$(stat -c %a "$tmp/out3/$f")" = 600 ] && ok || bad "$f written mode $(stat -c %a "$tmp/out3/$f"), want 600 (it holds the master secret)"
done
grep -q '^CLIENT_RANDOM [0-9a-f]\{64\} [0-9a-f]\{96\}$' "$tmp/out3/k" && [ "$(wc -l <"$tmp/out3/k")" -eq 1 ] && ok \
	|| bad "--keylog over an old file: '$(cat "$tmp/out3/k")'"
[ "$(ls "$tmp/out3" | wc -l)" -eq 2 ] && ok || bad "files left beside the outputs: $(ls "$tmp/out3")"
expect_error 2 "--keylog and --pcap name the same file" -- --seed 1 --dump --keylog "$tmp/out3/x" --pcap "$tmp/out3/./x"
expect_error 2 "--keylog and --pcap name the same file" -- --seed 1 --dump --keylog "$tmp/out3/k" --pcap "$tmp/out3/../out3/k"
cp "$C/leaf.key" "$tmp/out3/leaf.key"
expect_error 2 "--pcap .*leaf.key is also the --key file" -- --seed 1 --dump --key "$tmp/out3/leaf.key" --pcap "$tmp/out3/leaf.key"
cmp -s "$C/leaf.key" "$tmp/out3/leaf.key" && ok || bad "--pcap over the --key file changed it"
cp "$C/chain.pem" "$tmp/out3/chain.pem"
expect_error 2 "--keylog .*is also the --cert file" -- --seed 1 --dump --cert "$tmp/out3/chain.pem" --keylog "$tmp/out3/chain.pem"
mkdir -p "$tmp/les" && cp -r "$src/lessons/en" "$tmp/les/"
expect_error 2 "--keylog .*/les/en/x.txt is inside the --lessons directory" -- --seed 1 --dump --lessons "$tmp/les" --lang en --keylog "$tmp/les/en/x.txt"
# A failed connection with --keylog says why there is no key log line.
"$bin" --seed 1 --dump --ca "$D/other-root.pem" --keylog "$tmp/out3/k2" >/dev/null 2>"$tmp/ek"; st=$?
[ $st -eq 1 ] && grep -q -- "--keylog .*k2: not written: the connection failed before either side had a master secret" "$tmp/ek" \
	&& [ ! -e "$tmp/out3/k2" ] && ok || bad "--keylog on a failed connection: exit $st, '$(cat "$tmp/ek")'"
# A FIFO given as --cert, --key or --ca is refused at once (open() used to
# wait forever for a writer); so are a device and a directory.
mkfifo "$tmp/fifo.pem"
for opt in --cert --key --ca; do
	timeout 20 "$bin" --seed 1 --dump "$opt" "$tmp/fifo.pem" >/dev/null 2>"$tmp/ef"; st=$?
	[ $st -eq 2 ] && grep -q "fifo.pem: is a FIFO (named pipe), not a regular file" "$tmp/ef" && ok \
		|| bad "$opt FIFO: exit $st, '$(cat "$tmp/ef")'"
done
expect_error 2 "/dev/zero: is a character device, not a regular file" -- --seed 1 --dump --ca /dev/zero
expect_error 2 "$tmp: is a directory, not a regular file" -- --seed 1 --dump --key "$tmp"
# Values from outside reach the terminal escaped and cut: no ESC, no line
# split, no endless echo.
expect_error 2 "unknown option '--x.x1b\[31mred'" -- "$(printf -- '--x\033[31mred')"
expect_error 2 "--step .*x0d.x0aab.*: no such step" -- --seed 1 --dump --step "$(printf '\r\nab')"
expect_error 2 "--step a*\.\.\.: no such step" -- --seed 1 --dump --step "$(printf 'a%.0s' $(seq 300))"
grep -q "$(printf 'a%.0s' $(seq 81))" "$tmp/err" && bad "--step of 300 characters echoed whole" || ok
expect_error 2 "unexpected argument 'x.x07y'" -- "$(printf 'x\007y')"
expect_error 2 "option '--keylog' was given an empty value" -- --seed 1 --keylog ''
expect_error 2 "option '--cert' was given an empty value" -- --cert=
# Standard output that cannot be written: one sentence, exit status 1.
if [ -w /dev/full ]; then
	for args in "--dump --seed 1" "--json --seed 1" "--version" "--help"; do
		# shellcheck disable=SC2086
		"$bin" $args >/dev/full 2>"$tmp/ef"; st=$?
		[ $st -eq 1 ] && [ "$(wc -l <"$tmp/ef")" -eq 1 ] \
			&& grep -q 'No space left on device' "$tmp/ef" && ok \
			|| bad "tlswalk $args >/dev/full: exit $st, stderr '$(cat "$tmp/ef")'"
	done
fi
"$bin" --json --seed 1 >&- 2>"$tmp/ec"; st=$?
[ $st -eq 1 ] && [ "$(wc -l <"$tmp/ec")" -eq 1 ] && ok \
	|| bad "tlswalk --json with standard output closed: exit $st, stderr '$(cat "$tmp/ec")'"
# A CA bundle like a system's (Debian's has about 150 roots) loads; it
# used to stop at 8 with "more than 8 CA certificates".
for i in $(seq 40); do cat "$D/other-root.pem"; done >"$tmp/bundle.pem"
cat "$C/root.pem" >>"$tmp/bundle.pem"
"$bin" --seed 1 --ca "$tmp/bundle.pem" >/dev/null 2>"$tmp/eb" && ok \
	|| bad "--ca with a 41-root bundle: $(cat "$tmp/eb")"
# An expired certificate: the sentence gives the clock it was checked at,
# and the dump's chain verdict says so too (with --seed: 2027-01-01).
expect_error 1 "BR_ERR_X509_EXPIRED .* at 2027-01-01 00:00 UTC, the certificate clock --seed fixes" -- \
	--seed 1 --cert "$D/expired-self.pem" --key "$D/other.key" --ca "$D/expired-self.pem"
grep -q '1 certificate for "www.example.com", validated anew by BearSSL.s X.509 engine at 2027-01-01 00:00 UTC (the clock --seed fixes): BR_ERR_X509_EXPIRED' "$tmp/out" \
	&& grep -q 'trusted for this name at this time: \[REJECTED\]' "$tmp/out" \
	&& ok || bad "the dump of an expired chain does not show the clock and the rejection"
# Credentials BearSSL accepts and browsers refuse: the walk completes and the
# chain step says what a browser would do (issue 13, item 9).
for w in "weak-nosan weak.key subjectAltName" "weak-sha1 weak.key SHA-1" "weak-rsa1024 weak1024.key 1024 bits"; do
	set -- $w
	"$bin" --seed 1 --cert "$D/$1.pem" --key "$D/$2" --ca "$D/weak-ca.pem" --dump >"$tmp/w" 2>&1; st=$?
	[ $st -eq 0 ] && grep -q "What a browser would do: .*$3" "$tmp/w" && ok \
		|| bad "$1: exit $st, no browser note naming '$3'"
	"$bin" --seed 1 --cert "$D/$1.pem" --key "$D/$2" --ca "$D/weak-ca.pem" --dump --lang zh 2>/dev/null \
		| grep -q "浏览器会怎样做：" && ok || bad "$1: no browser note in Chinese"
done
# A good chain gets no such note.
grep -q "What a browser would do" "$tmp/d1" && bad "the default chain got a browser note" || ok
# Expired and not yet valid: one BearSSL code, two sentences.
"$bin" --scenario expired --seed 1 >/dev/null 2>"$tmp/ex"
grep -q "certificate 1 expired on 2021-01-01" "$tmp/ex" && ok || bad "expired: $(cat "$tmp/ex")"
"$bin" --scenario not-yet-valid --seed 1 >/dev/null 2>"$tmp/ny"
grep -q "certificate 1 is not yet valid (valid from 2045-01-01)" "$tmp/ny" && ok || bad "not yet valid: $(cat "$tmp/ny")"
# Good files given explicitly work.
"$bin" --seed 1 --cert "$C/chain.pem" --key "$C/leaf.key" --ca "$C/root.pem" \
	--host example.com --path /hello.html >"$tmp/d5" 2>"$tmp/e5" \
	&& grep -q '| GET /hello.html HTTP/1.1' "$tmp/d5" && ok \
	|| bad "explicit credentials with --host example.com: $(cat "$tmp/e5")"

# A teacher's lesson set missing an entry: a warning naming it, then the walk.
mkdir -p "$tmp/lessons" && cp -r "$src/lessons/en" "$tmp/lessons/"
awk '/^\[tls-server-finished\]/{skip=1; next} /^\[/{skip=0} !skip' \
	"$tmp/lessons/en/steps.txt" >"$tmp/steps" && mv "$tmp/steps" "$tmp/lessons/en/steps.txt"
"$bin" --seed 1 --lessons "$tmp/lessons" --lang en >"$tmp/d6" 2>"$tmp/e6"; st=$?
[ $st -eq 0 ] && grep -q 'warning: .*missing: \[tls-server-finished\]' "$tmp/e6" && ok \
	|| bad "--lessons with a missing entry: exit $st, stderr '$(cat "$tmp/e6")'"

# Control characters in a teacher's lessons are printed escaped by --dump:
# a terminal must not obey them.
mkdir -p "$tmp/lessons-esc" && cp -r "$src/lessons/en" "$tmp/lessons-esc/"
awk -v esc="$(printf '\033')" -v c1="$(printf '\302\233')" \
	'/^\[tls-client-hello\]/{print; getline; print $0 " " esc "[2J" c1 "31m" "\001"; next} {print}' \
	"$src/lessons/en/steps.txt" >"$tmp/lessons-esc/en/steps.txt"
"$bin" --seed 1 --dump --lessons "$tmp/lessons-esc" --lang en >"$tmp/d7" 2>"$tmp/e7"; st=$?
[ $st -eq 0 ] && grep -q '\\x1b\[2J\\u009b31m\\x01' "$tmp/d7" && ! LC_ALL=C grep -q "$(printf '[\001\033]')" "$tmp/d7" \
	&& ok || bad "--dump prints a lesson's control characters raw (exit $st, $(cat "$tmp/e7"))"

# A full disk (here: a file-size limit of one block) while writing a capture:
# one sentence, exit 1, and no half-written file left behind.
( trap '' XFSZ; ulimit -f 1; "$bin" --seed 1 --pcap "$tmp/big.pcapng" --dump >/dev/null 2>"$tmp/fz" ); st=$?
[ $st -eq 1 ] && grep -q 'write failed: File too large; nothing written' "$tmp/fz" \
	&& [ -z "$(ls "$tmp" | grep '^big\.pcapng')" ] && ok \
	|| bad "--pcap on a full disk: exit $st, stderr '$(cat "$tmp/fz")', files: $(ls "$tmp" | grep '^big' | tr '\n' ' ')"

# Suite names: OpenSSL's name for every suite is the one `openssl ciphers -V`
# gives the same code (an outside witness), and --suite accepts it.
openssl ciphers -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' >"$tmp/ossl" 2>/dev/null \
	|| bad "openssl ciphers -V failed (openssl is installed by .ci/install-deps)"
"$bin" --list-suites | grep '^0x' >"$tmp/ls"
[ "$(wc -l <"$tmp/ls")" -ge 28 ] || bad "--list-suites lists $(wc -l <"$tmp/ls") suites"
while read -r code iana oname rest; do
	hex=$(printf '0x%02X,0x%02X' $((code >> 8)) $((code & 255)))
	want=$(awk -v h="$hex" '$1 == h { print $3 }' "$tmp/ossl")
	[ -n "$want" ] && [ "$oname" = "$want" ] && ok || bad "$code $iana: tlswalk says '$oname', openssl says '$want'"
done <"$tmp/ls"
"$bin" --seed 1 --suite ECDHE-RSA-AES256-SHA --json >"$tmp/j1" 2>"$tmp/e1"; st=$?
[ $st -eq 0 ] && grep -q 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA' "$tmp/j1" && ok \
	|| bad "--suite ECDHE-RSA-AES256-SHA: exit $st, $(cat "$tmp/e1")"
# An ECDSA suite with the built-in credentials gets the ECDSA chain; an
# explicit --cert-type rsa with it is refused in one sentence.
"$bin" --seed 1 --suite ECDHE-ECDSA-AES128-CCM8 --json >"$tmp/j2" 2>"$tmp/e2"; st=$?
[ $st -eq 0 ] && grep -q 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8' "$tmp/j2" \
	&& grep -q '"completed": *true' "$tmp/j2" && grep -q '"certificate_chain": *"verified"' "$tmp/j2" && ok \
	|| bad "--suite ECDHE-ECDSA-AES128-CCM8 without --cert-type: exit $st, $(cat "$tmp/e2")"
"$bin" --seed 1 --suite 0xc0ae --cert-type rsa --dump >/dev/null 2>"$tmp/e3"; st=$?
[ $st -eq 2 ] && [ "$(wc -l <"$tmp/e3")" -eq 1 ] && grep -q 'needs an ECDSA server certificate' "$tmp/e3" && ok \
	|| bad "--suite 0xc0ae --cert-type rsa: exit $st, $(cat "$tmp/e3")"

# The ServerKeyExchange's RSA signature opened by hand (sig^e mod n): the
# block must be the one OpenSSL recovers with the leaf certificate's key and
# no padding removed, and the hash inside it the SHA-256 OpenSSL computes
# over the signed bytes.
jv() { sed -n "s/^ *\"$1\": \"\([0-9a-f]*\)\",*\$/\1/p" "$tmp/js" | head -n 1; }
unhex() { perl -e 'local $/; my $h = <STDIN>; $h =~ s/\s//g; binmode STDOUT; print pack "H*", $h'; }
"$bin" --seed 1 --json >"$tmp/js" 2>/dev/null
sed -n '/"certificates": \[/{n;s/^ *"\([0-9a-f]*\)",*$/\1/p}' "$tmp/js" | unhex >"$tmp/leaf.der"
jv signature | unhex >"$tmp/sig.bin"
jv signed_data | unhex >"$tmp/signed.bin"
openssl x509 -inform DER -in "$tmp/leaf.der" -pubkey -noout >"$tmp/pub.pem" 2>/dev/null
ossl_block=$(openssl pkeyutl -verifyrecover -pubin -inkey "$tmp/pub.pem" -pkeyopt rsa_padding_mode:none \
	-in "$tmp/sig.bin" 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
ossl_hash=$(openssl dgst -sha256 -r "$tmp/signed.bin" | cut -d' ' -f1)
ours=$(jv signature_opened)
[ -n "$ours" ] && [ "$ours" = "$ossl_block" ] && ok || bad "sig^e mod n: ours '$ours', openssl '$ossl_block'"
[ -n "$ossl_hash" ] && [ "$(jv signature_hash_inside)" = "$ossl_hash" ] \
	&& grep -q '"signature_block_verdict": "verified"' "$tmp/js" && ok \
	|| bad "hash inside the signature '$(jv signature_hash_inside)', openssl's SHA-256 of the signed bytes '$ossl_hash'"

# Each certificate link opened the same way: the hash of the signed part is
# OpenSSL's SHA-256 of the tbsCertificate it cuts out, and sig^e mod n is the
# block OpenSSL recovers with the issuer's key (certificate 2's for link 1,
# the root's, from the trust store, for link 2).
lv() { sed -n "/\"certificate_link_$1\": {/,/^    }/p" "$tmp/js" \
	| sed -n "s/^ *\"$2\": \"\([0-9a-f]*\)\",*\$/\1/p" | head -n 1; }
sed -n '/"certificates": \[/{n;n;s/^ *"\([0-9a-f]*\)",*$/\1/p}' "$tmp/js" | unhex >"$tmp/inter.der"
openssl x509 -inform DER -in "$tmp/inter.der" -pubkey -noout >"$tmp/inter.pub" 2>/dev/null
openssl x509 -in "$C/root.pem" -pubkey -noout >"$tmp/root.pub" 2>/dev/null
n=1
for c in leaf inter; do
	openssl asn1parse -inform DER -in "$tmp/$c.der" -strparse 4 -noout -out "$tmp/$c.tbs" >/dev/null 2>&1
	want=$(openssl dgst -sha256 -r "$tmp/$c.tbs" | cut -d' ' -f1)
	[ -n "$want" ] && [ "$(lv $n tbs_hash)" = "$want" ] && [ "$(lv $n signature_hash_inside)" = "$want" ] && ok \
		|| bad "link $n: hash of the signed part '$(lv $n tbs_hash)', openssl '$want'"
	key=$([ $n = 1 ] && echo "$tmp/inter.pub" || echo "$tmp/root.pub")
	lv $n signature | unhex >"$tmp/lsig.bin"
	want=$(openssl pkeyutl -verifyrecover -pubin -inkey "$key" -pkeyopt rsa_padding_mode:none \
		-in "$tmp/lsig.bin" 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
	[ -n "$want" ] && [ "$(lv $n signature_opened)" = "$want" ] && ok \
		|| bad "link $n: sig^e mod n differs from openssl's ('$want')"
	n=$((n + 1))
done
# A chain whose intermediate is not sent: the leaf's link cannot be checked,
# and says so rather than pass.
"$bin" --seed 1 --scenario missing-intermediate --json >"$tmp/js" 2>/dev/null
sed -n '/"certificate_link_1": {/,/^    }/p' "$tmp/js" | grep -q '"signature_verdict": "missing"' && ok \
	|| bad "missing-intermediate: link 1 is not marked missing"

# The chain check's sentence in Chinese names the host (its formats once
# shifted every argument by the English plural).
"$bin" --seed 1 --dump --lang zh 2>/dev/null | grep -q '2 张证书，域名 "www.example.com"，由 BearSSL 的 X.509 引擎在 2027-01-01 00:00 UTC（--seed 固定的时钟） 重新验证：BR_ERR_X509_OK' \
	&& ok || bad "the Chinese chain-check sentence is garbled"

# In Chinese the sentence on standard error that says how the connection
# stopped is Chinese too: the client rejects the expired certificate (RFC
# 5246 7.2.2 names certificate_expired).
"$bin" --scenario expired --seed 1 --lang zh --dump >/dev/null 2>"$tmp/exzh"
grep -q '^tlswalk: 客户端在这里停止：.*certificate_expired' "$tmp/exzh" && ! grep -q 'the client stopped' "$tmp/exzh" \
	&& ok || bad "expired, zh: the stop sentence is not Chinese: $(cat "$tmp/exzh")"
"$bin" --scenario expired --seed 1 --lang zh --dump 2>/dev/null | grep '^连接没有完成：' >"$tmp/exzh2"
grep -q '^连接没有完成：客户端在这里停止' "$tmp/exzh2" && ! grep -q 'the client stopped' "$tmp/exzh2" \
	&& ok || bad "expired, zh: the dump's last line is not Chinese: $(cat "$tmp/exzh2")"

# The leaf's name check: the names tlswalk reads from its subjectAltName
# are the ones openssl reads from the same certificate (the first of the
# built-in chain), in order.
want=$(openssl x509 -in "$src/src/certs/chain.pem" -noout -ext subjectAltName 2>/dev/null \
	| sed -n 's/^ *//; s/DNS://gp')
got=$("$bin" --seed 1 --dump 2>/dev/null | sed -n 's/^ *the names it is for (subjectAltName): //p')
[ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "subjectAltName: tlswalk '$got', openssl '$want'"
"$bin" --seed 1 --dump 2>/dev/null | grep -q 'the name asked for, www.example.com, is one of them: \[verified\]' \
	&& ok || bad "the leaf's name check is not verified for www.example.com"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
