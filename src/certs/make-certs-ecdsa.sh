#!/bin/sh
# Generates the rest of the built-in demo PKI once, next to the RSA set that
# make-certs.sh made (whose files this script never touches: tests depend on
# their bytes, and their intermediate CA key no longer exists):
#  - an ECDSA chain: "tlswalk Demo ECDSA Root CA" -> "tlswalk Demo ECDSA
#    Intermediate CA" -> www.example.com, P-256 keys, ecdsa-with-SHA256,
#    for the ECDHE_ECDSA suites;
#  - a client certificate for mutual TLS, "tlswalk demo student" (RSA-2048,
#    EKU clientAuth), issued by a small self-signed "tlswalk Demo Client CA"
#    (RSA-2048): it cannot come from the RSA intermediate CA, because
#    make-certs.sh deleted that CA's key after signing the RSA leaf.
# The PEM files it writes are committed; the build turns them into C data.
# Validity: 9000 days from the day the script ran (2026-11-30), so fresh runs
# verify for decades and --seed runs (which pin the clock to 2027-01-01) always do.
# (OpenSSL 3.0 on Debian 12 has no -not_before, so the start is "now".)
set -eu
cd "$(dirname "$0")"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
ec() { # out: a P-256 key, PKCS#8 like leaf.key
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -pkeyopt ec_param_enc:named_curve -out "$1"
}
ec "$d/ecdsa-root.key"
ec "$d/ecdsa-intermediate.key"
ec ecdsa-leaf.key
openssl genrsa -out "$d/client-ca.key" 2048
openssl genrsa -out client.key 2048
cat > "$d/ca.cnf" <<EOC
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
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com, DNS:example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_client_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOC
selfsign() { # key subject ext serial out
    openssl req -new -key "$1" -out "$d/self.csr" -subj "$2"
    openssl x509 -req -in "$d/self.csr" -signkey "$1" -sha256 -out "$5" \
        -days 9000 -extfile "$d/ca.cnf" -extensions "$3" -set_serial "$4"
}
sign() { # key subject ca-cert ca-key ext serial out
    openssl req -new -key "$1" -out "$d/leaf.csr" -subj "$2"
    openssl x509 -req -in "$d/leaf.csr" -CA "$3" -CAkey "$4" -sha256 -out "$7" \
        -days 9000 -extfile "$d/ca.cnf" -extensions "$5" -set_serial "$6"
}
# ECDSA: -sha256 with an EC CA key signs ecdsa-with-SHA256.
selfsign "$d/ecdsa-root.key" "/C=CN/O=tlswalk demo/CN=tlswalk Demo ECDSA Root CA" \
    v3_root 0x4001 ecdsa-root.pem
sign "$d/ecdsa-intermediate.key" "/C=CN/O=tlswalk demo/CN=tlswalk Demo ECDSA Intermediate CA" \
    ecdsa-root.pem "$d/ecdsa-root.key" v3_inter 0x5002 ecdsa-intermediate.pem
sign ecdsa-leaf.key "/C=CN/O=tlswalk demo/CN=www.example.com" \
    ecdsa-intermediate.pem "$d/ecdsa-intermediate.key" v3_leaf 0x6003 ecdsa-leaf.pem
cat ecdsa-leaf.pem ecdsa-intermediate.pem > ecdsa-chain.pem
# Mutual TLS: the client sends its leaf alone (the server trusts the CA).
selfsign "$d/client-ca.key" "/C=CN/O=tlswalk demo/CN=tlswalk Demo Client CA" \
    v3_client_ca 0x7001 client-ca.pem
sign client.key "/C=CN/O=tlswalk demo/CN=tlswalk demo student" \
    client-ca.pem "$d/client-ca.key" v3_client 0x8003 client-chain.pem
# The CA keys vanish with $d.
openssl verify -CAfile ecdsa-root.pem -untrusted ecdsa-intermediate.pem ecdsa-leaf.pem
openssl verify -CAfile client-ca.pem -purpose sslclient client-chain.pem
