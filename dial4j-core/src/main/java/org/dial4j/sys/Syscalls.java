package org.dial4j.sys;

import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * The system calls dial4j makes, with the kernel's own convention: a call returns its result (zero,
 * a descriptor or a byte count) or {@code -errno}, never throws for a failed call, and reads errno
 * in the same call (ARCHITECTURE.md, the syscall boundary). Everything above this interface is
 * backend-neutral; a fake implementation scripts any errno sequence for tests (Go's {@code
 * socktest}).
 *
 * <p>Output arguments are one-element arrays the caller owns, so a call allocates nothing but what
 * it returns. Buffers are {@link MemorySegment}s: native or heap (a heap segment is passed without
 * copying where the implementation can, which is only safe because dial4j's descriptors are always
 * non-blocking).
 */
public interface Syscalls {

  /**
   * Whether the descriptors this table answers are the kernel's own, which may also be waited on
   * outside it ({@code poll(2)} on a platform thread, the virtual threads' poller's epoll): true
   * for the Linux backend and a wrapper over it (a fault injector), false for a fake whose numbers
   * mean nothing to the kernel, which then waits through the table's own calls.
   */
  default boolean kernelDescriptors() {
    return false;
  }

  /** {@code socket(domain, type, protocol)}: a descriptor or -errno. */
  int socket(int domain, int type, int protocol);

  /** {@code bind(fd, addr, len)}: 0 or -errno. */
  int bind(int fd, @Nullable SockAddr addr);

  /** {@code listen(fd, backlog)}: 0 or -errno. */
  int listen(int fd, int backlog);

  /**
   * {@code accept4(fd, addr, len, flags)}: the new descriptor or -errno; the peer address goes to
   * {@code peer[0]} when {@code peer} is not null.
   */
  int accept4(int fd, @Nullable SockAddr @Nullable [] peer, int flags);

  /** {@code connect(fd, addr, len)}: 0 or -errno (EINPROGRESS for a pending non-blocking one). */
  int connect(int fd, @Nullable SockAddr addr);

  /** {@code getsockopt} of an {@code int} option into {@code value[0]}: 0 or -errno. */
  int getsockoptInt(int fd, int level, int name, int[] value);

  /** {@code setsockopt} of an {@code int} option: 0 or -errno. */
  int setsockoptInt(int fd, int level, int name, int value);

  /** {@code setsockopt(SOL_SOCKET, SO_LINGER, {onoff, seconds})}: 0 or -errno. */
  int setLinger(int fd, boolean on, int seconds);

  /**
   * {@code getsockopt(SOL_SOCKET, SO_LINGER)} into {@code value[0]} ({@code l_onoff}) and {@code
   * value[1]} ({@code l_linger}, seconds): 0 or -errno.
   */
  default int getLinger(int fd, int[] value) {
    return -Sys.ENOSYS;
  }

  /**
   * {@code setsockopt} of an option whose value is bytes ({@code SO_BINDTODEVICE}'s interface name;
   * empty: unbind): 0 or -errno.
   */
  default int setsockoptBytes(int fd, int level, int name, byte[] value) {
    return -Sys.ENOSYS;
  }

  /**
   * {@code getsockopt} of an option whose value is bytes, into {@code value} (its length the
   * buffer's size): the length the kernel wrote, or -errno.
   */
  default int getsockoptBytes(int fd, int level, int name, byte[] value) {
    return -Sys.ENOSYS;
  }

  /** {@code getsockname} into {@code addr[0]}: 0 or -errno. */
  int getsockname(int fd, @Nullable SockAddr[] addr);

  /** {@code getpeername} into {@code addr[0]}: 0 or -errno. */
  int getpeername(int fd, @Nullable SockAddr[] addr);

  /** {@code send(fd, buf, buf.byteSize(), flags)}: bytes sent or -errno. */
  long send(int fd, MemorySegment buf, int flags);

  /** {@code recv(fd, buf, buf.byteSize(), flags)}: bytes received (0 at EOF) or -errno. */
  long recv(int fd, MemorySegment buf, int flags);

  /** {@code sendto(fd, buf, len, flags, to, tolen)}: bytes sent or -errno. */
  long sendto(int fd, MemorySegment buf, int flags, @Nullable SockAddr to);

  /**
   * {@code recvfrom(fd, buf, len, flags, from, fromlen)}: bytes received or -errno; the sender goes
   * to {@code from[0]} when {@code from} is not null.
   */
  long recvfrom(int fd, MemorySegment buf, int flags, @Nullable SockAddr @Nullable [] from);

  /** {@code shutdown(fd, how)}: 0 or -errno. */
  int shutdown(int fd, int how);

  /** {@code close(fd)}: 0 or -errno. The descriptor is released even on EINTR (Linux). */
  int close(int fd);

  /** {@code fcntl(fd, cmd, arg)} for the integer commands: the result or -errno. */
  int fcntl(int fd, int cmd, int arg);

  /**
   * {@code poll} on one descriptor: the events that occurred (poll(2)'s revents; 0 when the timeout
   * passed first) or -errno. {@code timeoutMillis} as poll(2): -1 waits forever, 0 does not wait.
   */
  int poll(int fd, int events, int timeoutMillis);

  // The event loop's calls. Defaults answer ENOSYS so that a backend without them (the test fake)
  // says so precisely instead of failing to compile or pretending.

  /** {@code epoll_create1(flags)}: an epoll descriptor or -errno. */
  default int epollCreate1(int flags) {
    return -Sys.ENOSYS;
  }

  /**
   * {@code epoll_ctl(epfd, op, fd, {events, data})}: 0 or -errno. {@code data} is the 64-bit {@code
   * epoll_data_t} handed back by {@link #epollWait}.
   */
  default int epollCtl(int epfd, int op, int fd, int events, long data) {
    return -Sys.ENOSYS;
  }

  /**
   * {@code epoll_wait(epfd, events, maxEvents, timeout)} into {@code events} (a native segment of
   * at least {@code maxEvents} {@link EpollEvents#SIZE}-byte {@code struct epoll_event}s): the
   * number of ready events, 0 when the timeout passed, or -errno (EINTR on a signal).
   */
  default int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
    return -Sys.ENOSYS;
  }

  /** {@code eventfd(initval, flags)}: a descriptor or -errno. */
  default int eventfd(int initval, int flags) {
    return -Sys.ENOSYS;
  }

  /** {@code read(fd, buf, buf.byteSize())}: bytes read (0 at EOF) or -errno. Any descriptor. */
  default long read(int fd, MemorySegment buf) {
    return -Sys.ENOSYS;
  }

  /** {@code write(fd, buf, buf.byteSize())}: bytes written or -errno. Any descriptor. */
  default long write(int fd, MemorySegment buf) {
    return -Sys.ENOSYS;
  }

  /**
   * getaddrinfo(3) of {@code host} for one family and no service: {@code getaddrinfo(host, NULL,
   * {ai_family = family, ai_socktype = socktype, ai_flags = flags}, &res)}, the list copied out
   * before freeaddrinfo(3). The C library asks the sources nsswitch.conf lists (/etc/hosts, DNS,
   * ...), so it blocks, for as long as resolv.conf's timeouts allow and without a way to interrupt
   * it: call it on a platform thread that may wait, never on a loop thread or a virtual thread. A
   * failed lookup is an answer, not an exception: its {@code EAI_*} code and gai_strerror(3)'s text
   * (a name holding a NUL byte, which C cannot be given, is {@code EAI_NONAME} without a call).
   */
  default AddrInfo getaddrinfo(String host, int family, int socktype, int flags) {
    return AddrInfo.failed(Sys.EAI_SYSTEM, Sys.ENOSYS, "System error");
  }

  /**
   * {@code ioctl(fd, request, &value)} for a request that answers one {@code int} at once (such as
   * {@link Sys#SIOCOUTQ}) into {@code value[0]}: 0 or -errno (ENOTTY where the descriptor does not
   * know the request, EINVAL for SIOCOUTQ on a listener).
   */
  default int ioctlInt(int fd, int request, int[] value) {
    return -Sys.ENOSYS;
  }

  /**
   * {@code getrlimit(resource, &rlim)} into {@code value[0]} ({@code rlim_cur}, the soft limit) and
   * {@code value[1]} ({@code rlim_max}, the hard one), {@link Sys#RLIM_INFINITY} for none: 0 or
   * -errno.
   */
  default int getrlimit(int resource, long[] value) {
    return -Sys.ENOSYS;
  }

  /**
   * {@code setrlimit(resource, {soft, hard})}: 0 or -errno (EINVAL for soft above hard, EPERM for a
   * hard limit raised without CAP_SYS_RESOURCE or RLIMIT_NOFILE above {@code fs.nr_open}).
   */
  default int setrlimit(int resource, long soft, long hard) {
    return -Sys.ENOSYS;
  }
}
