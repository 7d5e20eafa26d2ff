#!/bin/sh
# make-captures.sh OUTDIR — record real TLS connections made by tools other
# than tlswalk (openssl s_server <-> openssl s_client, and curl) on loopback
# with dumpcap, with the key logs the clients wrote, for tests/capture.sh.
#
# Run ONCE by a developer (needs root for dumpcap, openssl, curl); the small
# results are committed under tests/data/captures/ so `make check` runs
# anywhere without these tools. Each capture NAME gives NAME.pcapng (or
# .pcap) and NAME.keys; ca.pem is the root that signed the servers'
# certificates (made here, for these captures only).
#
#   sh tests/captures/make-captures.sh tests/data/captures
set -eu
out=$(cd "${1:?usage: make-captures.sh OUTDIR}" && pwd)
tmp=$(mktemp -d)
trap 'kill $srv_pid $cap_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM
srv_pid="" cap_pid=""
cd "$tmp"
host=www.example.test

# A root, an RSA leaf and an ECDSA (P-256) leaf for $host.
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
	-subj "/CN=tlswalk capture test root" -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' "$host" >ext.cnf
openssl req -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.csr -subj "/CN=$host" 2>/dev/null
openssl x509 -req -in rsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out rsa.pem \
	-days 3650 -extfile ext.cnf 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.csr \
	-subj "/CN=$host" 2>/dev/null
openssl x509 -req -in ec.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out ec.pem \
	-days 3650 -extfile ext.cnf 2>/dev/null
[ "${ONLY:-}" = more ] || cp ca.pem "$out/ca.pem"
mkdir www
printf '<html><body><p>Hello from openssl s_server, captured by dumpcap.</p></body></html>\n' >www/hello.html

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_listen() {
	i=0
	while ! ss -ltn | grep -q ":$1 "; do
		i=$((i + 1)); [ $i -lt 100 ] || { echo "server did not start" >&2; exit 1; }
		sleep 0.05
	done
}

# start_capture FILE PORT IFACE [dumpcap options]
start_capture() {
	f=$1 port=$2 ifc=$3
	shift 3
	dumpcap -q -i "$ifc" -f "tcp port $port" -w "$f" "$@" 2>dumpcap.err &
	cap_pid=$!
	i=0
	while ! grep -q "Capturing on" dumpcap.err 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 100 ] || break
		sleep 0.05
	done
	sleep 0.3
}

stop_capture() {
	sleep 0.5
	kill -INT "$cap_pid"
	wait "$cap_pid" || true
	cap_pid=""
}

# start_server PORT CERT KEY [s_server options]
start_server() {
	port=$1 cert=$2 key=$3
	shift 3
	(cd www && exec openssl s_server -quiet -accept "$port" -cert "../$cert" -key "../$key" \
		-WWW "$@") >server.log 2>&1 &
	srv_pid=$!
	wait_listen "$port"
}

stop_server() {
	kill "$srv_pid" 2>/dev/null || true
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=""
}

# s_client_get PORT KEYLOG ADDR [s_client options]
s_client_get() {
	port=$1 keys=$2 addr=$3
	shift 3
	printf 'GET /hello.html HTTP/1.0\r\nHost: %s\r\n\r\n' "$host" |
		openssl s_client -quiet -ign_eof -connect "$addr:$port" -servername "$host" \
			-CAfile ca.pem -keylogfile "$keys" "$@" >client.out 2>client.err
	grep -q "Hello from openssl" client.out
}

# one NAME SUITE CERT KEY IFACE ADDR FORMAT [s_client options]: one connection
one() {
	name=$1 suite=$2 cert=$3 key=$4 ifc=$5 addr=$6 fmt=$7
	shift 7
	port=$(free_port)
	rm -f "$name.keys"
	# The server's default list leaves CCM out: name the suite on both ends.
	start_server "$port" "$cert" "$key" -cipher "$suite"
	start_capture "$name.$fmt" "$port" "$ifc" $( [ "$fmt" = pcap ] && echo -P )
	s_client_get "$port" "$name.keys" "$addr" -tls1_2 -cipher "$suite" "$@"
	stop_capture
	stop_server
	cp "$name.$fmt" "$name.keys" "$out/"
	chmod 0644 "$out/$name.$fmt"
	chmod 0600 "$out/$name.keys"
	echo "made $name.$fmt ($suite)"
}

# ONLY=more runs just the last part (resumption, mutual TLS), which was
# added later: it makes its own root, saved as ca-more.pem.
if [ "${ONLY:-}" != more ]; then
# TLS 1.2, one suite of each record-protection family, by openssl.
one gcm-rsa ECDHE-RSA-AES128-GCM-SHA256 rsa.pem rsa.key lo 127.0.0.1 pcapng
one chacha-rsa ECDHE-RSA-CHACHA20-POLY1305 rsa.pem rsa.key lo 127.0.0.1 pcapng
one ccm-ecdsa ECDHE-ECDSA-AES128-CCM ec.pem ec.key lo 127.0.0.1 pcap
one cbc-rsakx AES128-SHA256 rsa.pem rsa.key lo 127.0.0.1 pcapng -no_etm
# SHA-384 PRF over IPv6, captured on "any": Linux cooked capture (SLL2).
one gcm384-v6-sll ECDHE-RSA-AES256-GCM-SHA384 rsa.pem rsa.key any "[::1]" pcapng

# curl (OpenSSL inside), SSLKEYLOGFILE, two connections in one capture.
port=$(free_port)
rm -f curl-two.keys
start_server "$port" rsa.pem rsa.key
start_capture curl-two.pcapng "$port" lo
for c in ECDHE-RSA-AES256-GCM-SHA384 ECDHE-RSA-CHACHA20-POLY1305; do
	SSLKEYLOGFILE=$tmp/curl-two.keys curl -sS --http1.1 --tls-max 1.2 --ciphers "$c" \
		--cacert ca.pem --resolve "$host:$port:127.0.0.1" "https://$host:$port/hello.html" \
		| grep -q "Hello from openssl"
done
stop_capture
stop_server
cp curl-two.pcapng curl-two.keys "$out/"
chmod 0600 "$out/curl-two.keys"
echo "made curl-two.pcapng"

# TLS 1.3 (AES-GCM and ChaCha20), for what tlswalk can show of it.
for s in TLS_AES_128_GCM_SHA256 TLS_CHACHA20_POLY1305_SHA256; do
	name=tls13-$(echo "$s" | tr 'A-Z_' 'a-z-' | sed 's/tls-//; s/-sha256//')
	port=$(free_port)
	rm -f "$name.keys"
	start_server "$port" rsa.pem rsa.key
	start_capture "$name.pcapng" "$port" lo
	s_client_get "$port" "$name.keys" 127.0.0.1 -tls1_3 -ciphersuites "$s"
	stop_capture
	stop_server
	cp "$name.pcapng" "$name.keys" "$out/"
	chmod 0600 "$out/$name.keys"
	echo "made $name.pcapng ($s)"
done
fi

# ---- resumption and mutual TLS (TLS 1.2), with their own root ----
if [ "${ONLY:-}" = more ] || [ "${ONLY:-}" = "" ]; then
	[ "${ONLY:-}" = more ] && cp ca.pem "$out/ca-more.pem"
	# A client certificate signed by the same root.
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' >cext.cnf
	openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "/CN=learner" 2>/dev/null
	openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem \
		-days 3650 -extfile cext.cnf 2>/dev/null

	# Two connections: a full handshake that saves the session, then one
	# that resumes it (abbreviated handshake: no Certificate, no key exchange).
	port=$(free_port)
	rm -f resume.keys
	start_server "$port" rsa.pem rsa.key -cipher ECDHE-RSA-AES128-GCM-SHA256
	start_capture resume.pcapng "$port" lo
	s_client_get "$port" resume.keys 127.0.0.1 -tls1_2 -sess_out sess.pem
	s_client_get "$port" resume.keys 127.0.0.1 -tls1_2 -sess_in sess.pem
	stop_capture
	stop_server
	cp resume.pcapng resume.keys "$out/"
	chmod 0600 "$out/resume.keys"
	echo "made resume.pcapng"

	# Mutual TLS: the server asks for and checks a client certificate.
	port=$(free_port)
	rm -f mtls.keys
	start_server "$port" rsa.pem rsa.key -cipher ECDHE-RSA-AES128-GCM-SHA256 -Verify 1 -CAfile ../ca.pem
	start_capture mtls.pcapng "$port" lo
	s_client_get "$port" mtls.keys 127.0.0.1 -tls1_2 -cert client.pem -key client.key
	stop_capture
	stop_server
	cp mtls.pcapng mtls.keys "$out/"
	chmod 0600 "$out/mtls.keys"
	echo "made mtls.pcapng"
fi
