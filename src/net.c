/*
 * net.c — sockets for live mode, with timeouts and one-sentence errors.
 * See net.h.
 */
#include "config.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "net.h"

/* zero_ok: port 0 asks the system for a free port (--listen). */
static int
parse_port(const char *s, const char *opt, const char *arg, int zero_ok,
	uint16_t *port, tw_err *e)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == 0 || *end != 0 || errno != 0 || v < !zero_ok || v > 65535)
		return tw_err_set(e, "%s %.80s: '%.40s' is not a port (give a number from %d to 65535)",
			opt, arg, s, !zero_ok);
	*port = (uint16_t)v;
	return 0;
}

static int
resolve(const char *host, const char *opt, struct in_addr *out, tw_err *e)
{
	struct addrinfo hints, *res = NULL;
	int r;

	if (inet_pton(AF_INET, host, out) == 1)
		return 0;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	r = getaddrinfo(host, NULL, &hints, &res);
	if (r != 0 || res == NULL)
		return tw_err_set(e, "%s: cannot find an IPv4 address for '%.80s' (%s)",
			opt, host, r ? gai_strerror(r) : "no address");
	*out = ((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

/* see net.h */
int
tw_net_parse_listen(const char *arg, struct sockaddr_in *sa, tw_err *e)
{
	char host[256];
	const char *colon = strrchr(arg, ':');
	uint16_t port;

	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	if (colon == NULL) {
		snprintf(host, sizeof host, "127.0.0.1");
		colon = arg - 1;
	} else {
		if ((size_t)(colon - arg) >= sizeof host || colon == arg)
			return tw_err_set(e, "--listen %.80s: give [ADDRESS:]PORT, e.g. 8443 or 0.0.0.0:8443", arg);
		memcpy(host, arg, (size_t)(colon - arg));
		host[colon - arg] = 0;
	}
	if (parse_port(colon + 1, "--listen", arg, 1, &port, e) < 0
		|| resolve(host, "--listen", &sa->sin_addr, e) < 0)
		return -1;
	sa->sin_port = htons(port);
	return 0;
}

/* see net.h */
int
tw_net_parse_connect(const char *arg, char *host, size_t host_size, uint16_t *port,
	tw_err *e)
{
	const char *colon = strrchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);

	if (n == 0 || n >= host_size || strchr(arg, '[') != NULL
		|| (colon && strchr(arg, ':') != colon))
		return tw_err_set(e, "--connect %.80s: give HOST[:PORT], e.g. localhost:4433 or example.com (an IPv4 host; port 443 by default)",
			arg);
	memcpy(host, arg, n);
	host[n] = 0;
	*port = 443;
	if (colon && parse_port(colon + 1, "--connect", arg, 0, port, e) < 0)
		return -1;
	return 0;
}

/* see net.h */
int
tw_net_listen(const struct sockaddr_in *sa, tw_err *e)
{
	char where[64];
	int fd, one = 1, err;

	tw_net_format(sa, where, sizeof where);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return tw_err_set(e, "cannot open a socket: %s", strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)sa, sizeof *sa) < 0 || listen(fd, 1) < 0) {
		err = errno;
		close(fd);
		if (err == EADDRINUSE)
			return tw_err_set(e, "cannot listen on %s: the port is already in use (another program listens there; pick another port)",
				where);
		if (err == EACCES)
			return tw_err_set(e, "cannot listen on %s: permission denied (ports below 1024 need privileges; pick a port such as 8443)",
				where);
		if (err == EADDRNOTAVAIL)
			return tw_err_set(e, "cannot listen on %s: that address is not one of this machine's",
				where);
		return tw_err_set(e, "cannot listen on %s: %s", where, strerror(err));
	}
	return fd;
}

static int
wait_fd(int fd, short ev, int timeout_ms)
{
	struct pollfd p;
	int r;

	p.fd = fd;
	p.events = ev;
	p.revents = 0;
	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	return r;
}

/* see net.h */
int
tw_net_accept(int lfd, int timeout_ms, struct sockaddr_in *peer, tw_err *e)
{
	socklen_t sl = sizeof *peer;
	int r, fd;

	r = wait_fd(lfd, POLLIN, timeout_ms);
	if (r < 0)
		return tw_err_set(e, "waiting for a connection failed: %s", strerror(errno));
	if (r == 0)
		return tw_err_set(e, "no client connected within %d s (--timeout)", timeout_ms / 1000);
	fd = accept(lfd, (struct sockaddr *)peer, &sl);
	if (fd < 0)
		return tw_err_set(e, "accepting the connection failed: %s", strerror(errno));
	return fd;
}

/* see net.h */
int
tw_net_connect(const char *host, uint16_t port, int timeout_ms,
	struct sockaddr_in *peer, tw_err *e)
{
	char where[300];
	int fd, r, err = 0, fl;
	socklen_t el = sizeof err;

	memset(peer, 0, sizeof *peer);
	peer->sin_family = AF_INET;
	peer->sin_port = htons(port);
	if (resolve(host, "--connect", &peer->sin_addr, e) < 0)
		return -1;
	{
		char a[64];
		tw_net_format(peer, a, sizeof a);
		snprintf(where, sizeof where, "%.200s (%s)", host, a);
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return tw_err_set(e, "cannot open a socket: %s", strerror(errno));
	fl = fcntl(fd, F_GETFL);
	(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	r = connect(fd, (const struct sockaddr *)peer, sizeof *peer);
	if (r < 0 && errno != EINPROGRESS)
		err = errno;
	else if (r < 0) {
		r = wait_fd(fd, POLLOUT, timeout_ms);
		if (r == 0) {
			close(fd);
			return tw_err_set(e, "cannot connect to %s: no answer within %d s (--timeout)",
				where, timeout_ms / 1000);
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0)
			err = errno;
	}
	if (err != 0) {
		close(fd);
		if (err == ECONNREFUSED)
			return tw_err_set(e, "cannot connect to %s: connection refused (nothing listens on port %u there)",
				where, (unsigned)port);
		return tw_err_set(e, "cannot connect to %s: %s", where, strerror(err));
	}
	(void)fcntl(fd, F_SETFL, fl);
	return fd;
}

/* see net.h */
ssize_t
tw_net_read(int fd, void *buf, size_t n, int timeout_ms, tw_err *e)
{
	ssize_t r;
	int w = wait_fd(fd, POLLIN, timeout_ms);

	if (w == 0)
		return tw_err_set(e, "the peer sent nothing for %d s (--timeout)", timeout_ms / 1000);
	if (w < 0)
		return tw_err_set(e, "waiting for the peer failed: %s", strerror(errno));
	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		if (errno == ECONNRESET)
			return tw_err_set(e, "the peer reset the connection");
		return tw_err_set(e, "reading from the peer failed: %s", strerror(errno));
	}
	return r;
}

/* see net.h */
int
tw_net_write(int fd, const void *buf, size_t n, int timeout_ms, tw_err *e)
{
	const uint8_t *p = buf;

	while (n > 0) {
		ssize_t r;
		int w = wait_fd(fd, POLLOUT, timeout_ms);
		if (w == 0)
			return tw_err_set(e, "the peer took nothing for %d s (--timeout)", timeout_ms / 1000);
		r = send(fd, p, n, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (errno == EPIPE || errno == ECONNRESET)
				return tw_err_set(e, "the peer closed the connection");
			return tw_err_set(e, "sending to the peer failed: %s", strerror(errno));
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* see net.h */
void
tw_net_format(const struct sockaddr_in *sa, char *buf, size_t size)
{
	char a[INET_ADDRSTRLEN] = "?";

	inet_ntop(AF_INET, &sa->sin_addr, a, sizeof a);
	snprintf(buf, size, "%s:%u", a, (unsigned)ntohs(sa->sin_port));
}
