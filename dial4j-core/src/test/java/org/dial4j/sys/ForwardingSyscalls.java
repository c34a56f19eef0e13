package org.dial4j.sys;

import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Syscalls} that hands every call to another table ({@code real}), so that a test's table
 * over the real one ({@link CountingSyscalls}, {@link FaultySyscalls}) overrides only the calls it
 * changes (Guava's {@code ForwardingObject} pattern). Every call is forwarded, the interface's
 * default methods included, so the wrapped table's own answers are what the others see.
 */
public abstract class ForwardingSyscalls implements Syscalls {
  /** The table every call not overridden goes to. */
  protected final Syscalls real;

  protected ForwardingSyscalls(Syscalls real) {
    this.real = real;
  }

  @Override
  public boolean kernelDescriptors() {
    return real.kernelDescriptors();
  }

  @Override
  public int socket(int domain, int type, int protocol) {
    return real.socket(domain, type, protocol);
  }

  @Override
  public int bind(int fd, @Nullable SockAddr addr) {
    return real.bind(fd, addr);
  }

  @Override
  public int listen(int fd, int backlog) {
    return real.listen(fd, backlog);
  }

  @Override
  public int accept4(int fd, @Nullable SockAddr @Nullable [] peer, int flags) {
    return real.accept4(fd, peer, flags);
  }

  @Override
  public int connect(int fd, @Nullable SockAddr addr) {
    return real.connect(fd, addr);
  }

  @Override
  public int getsockoptInt(int fd, int level, int name, int[] value) {
    return real.getsockoptInt(fd, level, name, value);
  }

  @Override
  public int setsockoptInt(int fd, int level, int name, int value) {
    return real.setsockoptInt(fd, level, name, value);
  }

  @Override
  public int setLinger(int fd, boolean on, int seconds) {
    return real.setLinger(fd, on, seconds);
  }

  @Override
  public int getLinger(int fd, int[] value) {
    return real.getLinger(fd, value);
  }

  @Override
  public int setsockoptBytes(int fd, int level, int name, byte[] value) {
    return real.setsockoptBytes(fd, level, name, value);
  }

  @Override
  public int getsockoptBytes(int fd, int level, int name, byte[] value) {
    return real.getsockoptBytes(fd, level, name, value);
  }

  @Override
  public int getsockname(int fd, @Nullable SockAddr[] addr) {
    return real.getsockname(fd, addr);
  }

  @Override
  public int getpeername(int fd, @Nullable SockAddr[] addr) {
    return real.getpeername(fd, addr);
  }

  @Override
  public long send(int fd, MemorySegment buf, int flags) {
    return real.send(fd, buf, flags);
  }

  @Override
  public long recv(int fd, MemorySegment buf, int flags) {
    return real.recv(fd, buf, flags);
  }

  @Override
  public long sendto(int fd, MemorySegment buf, int flags, @Nullable SockAddr to) {
    return real.sendto(fd, buf, flags, to);
  }

  @Override
  public long recvfrom(int fd, MemorySegment buf, int flags, @Nullable SockAddr @Nullable [] from) {
    return real.recvfrom(fd, buf, flags, from);
  }

  @Override
  public int shutdown(int fd, int how) {
    return real.shutdown(fd, how);
  }

  @Override
  public int close(int fd) {
    return real.close(fd);
  }

  @Override
  public int fcntl(int fd, int cmd, int arg) {
    return real.fcntl(fd, cmd, arg);
  }

  @Override
  public int poll(int fd, int events, int timeoutMillis) {
    return real.poll(fd, events, timeoutMillis);
  }

  @Override
  public int epollCreate1(int flags) {
    return real.epollCreate1(flags);
  }

  @Override
  public int epollCtl(int epfd, int op, int fd, int events, long data) {
    return real.epollCtl(epfd, op, fd, events, data);
  }

  @Override
  public int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
    return real.epollWait(epfd, events, maxEvents, timeoutMillis);
  }

  @Override
  public int eventfd(int initval, int flags) {
    return real.eventfd(initval, flags);
  }

  @Override
  public long read(int fd, MemorySegment buf) {
    return real.read(fd, buf);
  }

  @Override
  public long write(int fd, MemorySegment buf) {
    return real.write(fd, buf);
  }

  @Override
  public AddrInfo getaddrinfo(String host, int family, int socktype, int flags) {
    return real.getaddrinfo(host, family, socktype, flags);
  }

  @Override
  public int ioctlInt(int fd, int request, int[] value) {
    return real.ioctlInt(fd, request, value);
  }

  @Override
  public int getrlimit(int resource, long[] value) {
    return real.getrlimit(resource, value);
  }

  @Override
  public int setrlimit(int resource, long soft, long hard) {
    return real.setrlimit(resource, soft, hard);
  }
}
