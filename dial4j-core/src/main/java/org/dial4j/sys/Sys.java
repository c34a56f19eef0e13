package org.dial4j.sys;

/**
 * Linux constants for the calls in {@link Syscalls}, from the kernel's UAPI headers, and glibc's
 * {@code <netdb.h>} codes for getaddrinfo(3). They are the same on x86_64 and aarch64, the two
 * architectures {@link LinuxSyscalls} accepts.
 */
public final class Sys {
  private Sys() {}

  // <bits/socket.h>: address families.
  public static final int AF_UNSPEC = 0;
  public static final int AF_UNIX = 1;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;

  // Socket types and the flags socket(2) and accept4(2) take with them.
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_SEQPACKET = 5;
  public static final int SOCK_NONBLOCK = 0x800;
  public static final int SOCK_CLOEXEC = 0x80000;

  // Levels and options.
  public static final int SOL_SOCKET = 1;
  public static final int SO_REUSEADDR = 2;
  public static final int SO_TYPE = 3;
  public static final int SO_ERROR = 4;
  public static final int SO_BROADCAST = 6;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_KEEPALIVE = 9;
  public static final int SO_LINGER = 13;
  public static final int SO_REUSEPORT = 15;
  public static final int SO_BINDTODEVICE = 25;
  public static final int SO_ACCEPTCONN = 30;
  public static final int SO_MARK = 36;
  public static final int SO_PROTOCOL = 38;
  public static final int SO_DOMAIN = 39;
  public static final int IPPROTO_IP = 0;
  public static final int IPPROTO_TCP = 6;
  public static final int IPPROTO_IPV6 = 41;

  /** Multipath TCP (Linux 5.6+, {@code <linux/in.h>}): socket(2)'s protocol for an MPTCP socket. */
  public static final int IPPROTO_MPTCP = 262;

  public static final int IP_TOS = 1;
  public static final int IP_BIND_ADDRESS_NO_PORT = 24;
  public static final int IPV6_V6ONLY = 26;
  public static final int IPV6_TCLASS = 67;
  public static final int TCP_NODELAY = 1;
  public static final int TCP_KEEPIDLE = 4;
  public static final int TCP_KEEPINTVL = 5;
  public static final int TCP_KEEPCNT = 6;
  public static final int TCP_USER_TIMEOUT = 18;
  public static final int TCP_FASTOPEN_CONNECT = 30;

  /** {@code IFNAMSIZ} ({@code <linux/if.h>}): an interface name's bytes, its NUL included. */
  public static final int IFNAMSIZ = 16;

  // shutdown(2).
  public static final int SHUT_RD = 0;
  public static final int SHUT_WR = 1;

  // send/recv flags.
  public static final int MSG_NOSIGNAL = 0x4000;

  // fcntl(2).
  public static final int F_GETFL = 3;
  public static final int F_SETFL = 4;
  public static final int O_NONBLOCK = 0x800;
  public static final int O_CLOEXEC = 0x80000;

  // poll(2).
  public static final short POLLIN = 0x1;
  public static final short POLLOUT = 0x4;

  // <sys/epoll.h>.
  public static final int EPOLL_CLOEXEC = 0x80000;
  public static final int EPOLL_CTL_ADD = 1;
  public static final int EPOLL_CTL_DEL = 2;
  public static final int EPOLL_CTL_MOD = 3;
  public static final int EPOLLIN = 0x1;
  public static final int EPOLLOUT = 0x4;
  public static final int EPOLLERR = 0x8;
  public static final int EPOLLHUP = 0x10;
  public static final int EPOLLRDHUP = 0x2000;
  public static final int EPOLLONESHOT = 1 << 30;

  // <sys/eventfd.h>.
  public static final int EFD_CLOEXEC = 0x80000;
  public static final int EFD_NONBLOCK = 0x800;

  // ioctl(2) on a socket: SIOCOUTQ (tcp(7), unix(7)) is TIOCOUTQ of <asm-generic/ioctls.h>. The
  // bytes in the send queue: for TCP write_seq - snd_una (net/ipv4/tcp.c, tcp_ioctl), sent but
  // not yet acknowledged included; for a unix socket, what the peer has not read yet.
  public static final int SIOCOUTQ = 0x5411;

  // getrlimit(2)/setrlimit(2): RLIMIT_NOFILE of <asm-generic/resource.h> (x86-64 and arm64 alike),
  // and RLIM_INFINITY, an rlim_t (unsigned long) of all ones, which Java reads as -1.
  public static final int RLIMIT_NOFILE = 7;
  public static final long RLIM_INFINITY = -1L;

  // fcntl(2): F_GETPIPE_SZ succeeds only on a pipe, which tells a pipe from other descriptors
  // without a struct stat.
  public static final int F_GETPIPE_SZ = 1032;

  // <netdb.h> (glibc): getaddrinfo(3)'s error codes, as glibc numbers them (negative). EAI_NODATA
  // and EAI_ADDRFAMILY are GNU extensions: "the host exists but has no address (of this family)".
  public static final int EAI_NONAME = -2;
  public static final int EAI_AGAIN = -3;
  public static final int EAI_FAIL = -4;
  public static final int EAI_NODATA = -5;
  public static final int EAI_ADDRFAMILY = -9;
  public static final int EAI_MEMORY = -10;
  public static final int EAI_SYSTEM = -11;

  /** errno the backend answers for an address too long for any struct: "Invalid argument". */
  public static final int EINVAL = 22;

  /** errno the default {@link Syscalls} methods answer: "Function not implemented". */
  public static final int ENOSYS = 38;
}
