#!/bin/sh
# Generates the built-in demo PKI once: a root CA, an intermediate CA and a
# leaf for www.example.com, all RSA-2048 with sha256WithRSAEncryption.
# The PEM files it writes are committed; the build turns them into C data.
# The ECDSA chain and the mutual-TLS client certificate come from
# make-certs-ecdsa.sh, which leaves these files alone.
# Validity: 9000 days from the day the script ran (2026-11-27), so fresh runs
# verify for decades and --seed runs (which pin the clock to 2027-01-01) always do.
# (OpenSSL 3.0 on Debian 12 has no -not_before, so the start is "now".)
set -eu
cd "$(dirname "$0")"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
openssl genrsa -out root.key 2048
openssl genrsa -out intermediate.key 2048
openssl genrsa -out leaf.key 2048
cat > "$d/root.cnf" <<EOC
[req]
distinguished_name = dn
prompt = no
[dn]
C = CN
O = tlswalk demo
CN = tlswalk Demo Root CA
[v3_root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_inter]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com, DNS:example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOC
openssl req -new -key root.key -out "$d/root.csr" -config "$d/root.cnf"
openssl x509 -req -in "$d/root.csr" -signkey root.key -sha256 -out root.pem \
    -days 9000 -extfile "$d/root.cnf" -extensions v3_root -set_serial 0x1001
openssl req -new -key intermediate.key -out "$d/inter.csr" \
    -subj "/C=CN/O=tlswalk demo/CN=tlswalk Demo Intermediate CA"
openssl req -new -key leaf.key -out "$d/leaf.csr" \
    -subj "/C=CN/O=tlswalk demo/CN=www.example.com"
sign() { # csr ca-cert ca-key ext serial out
    openssl x509 -req -in "$1" -CA "$2" -CAkey "$3" -sha256 -out "$6" \
        -days 9000 -extfile "$d/root.cnf" -extensions "$4" -set_serial "$5"
}
sign "$d/inter.csr" root.pem root.key v3_inter 0x2002 intermediate.pem
sign "$d/leaf.csr" intermediate.pem intermediate.key v3_leaf 0x3003 leaf.pem
cat leaf.pem intermediate.pem > chain.pem
rm -f root.key intermediate.key
openssl verify -CAfile root.pem -untrusted intermediate.pem leaf.pem
