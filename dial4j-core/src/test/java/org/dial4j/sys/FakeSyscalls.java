package org.dial4j.sys;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.dial4j.error.Errno;

/**
 * A {@link Syscalls} that touches no network: each call answers the next scripted result for its
 * name, or a default that means success (Go's {@code net/internal/socktest}). Every call is
 * recorded, so a test can assert the exact sequence the socket layer made.
 *
 * <p>Scripted values follow the -errno convention: {@code script("connect", -EINPROGRESS, 0)}.
 * {@code getsockopt} of {@code SO_ERROR} takes its value from the {@code "SO_ERROR"} script; {@code
 * poll} answers {@code revents} from the {@code "poll"} script (default: the events asked for), and
 * may run a hook first, e.g. to advance a virtual clock by the poll's timeout.
 */
public final class FakeSyscalls implements Syscalls {
  private final Map<String, Deque<Long>> script = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private int nextFd = 100;
  private IntConsumer pollHook = timeout -> {};
  private Lookup lookup =
      (host, family, socktype, flags) ->
          AddrInfo.failed(Sys.EAI_NONAME, 0, "Name or service not known");

  /** What {@link #getaddrinfo} answers for a name and family. */
  @FunctionalInterface
  public interface Lookup {
    /** The answer; it may block (to hold a pool thread as a slow DNS server would). */
    AddrInfo answer(String host, int family, int socktype, int flags);
  }

  private Runnable beforePoll = () -> {};

  /** -errno for {@code e}, the way a failed call answers. */
  public static long err(Errno e) {
    return -e.number();
  }

  /** Queues results for a call name ({@code connect}, {@code poll}, {@code SO_ERROR}, ...). */
  public synchronized FakeSyscalls script(String call, long... results) {
    Deque<Long> q = script.computeIfAbsent(call, k -> new ArrayDeque<>());
    for (long r : results) {
      q.add(r);
    }
    return this;
  }

  /**
   * Answers getaddrinfo with {@code answer} (default: every name EAI_NONAME, "Name or service not
   * known"), called outside this fake's lock, so an answer that blocks holds only its own thread.
   */
  public synchronized FakeSyscalls onGetaddrinfo(Lookup answer) {
    this.lookup = answer;
    return this;
  }

  /** Runs {@code hook} with each poll's timeout before answering (to advance a virtual clock). */
  public synchronized FakeSyscalls onPoll(IntConsumer hook) {
    this.pollHook = hook;
    return this;
  }

  /** Runs {@code action} at the start of each poll (to close or interrupt from "elsewhere"). */
  public synchronized FakeSyscalls beforePoll(Runnable action) {
    this.beforePoll = action;
    return this;
  }

  /** The calls made so far, as {@code name(fd)}. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** How many calls of {@code name} were made. */
  public synchronized long count(String name) {
    return calls.stream().filter(c -> c.startsWith(name + "(")).count();
  }

  private synchronized long next(String call, long dflt) {
    Deque<Long> q = script.get(call);
    return q == null || q.isEmpty() ? dflt : q.poll();
  }

  private synchronized void record(String name, int fd) {
    calls.add(name + "(" + fd + ")");
  }

  @Override
  public int socket(int domain, int type, int protocol) {
    int fd;
    synchronized (this) {
      fd = (int) next("socket", nextFd++);
    }
    record("socket", fd);
    return fd;
  }

  /** Recorded as {@code getaddrinfo(HOST FAMILY)}; {@link #count} counts them by that name. */
  @Override
  public AddrInfo getaddrinfo(String host, int family, int socktype, int flags) {
    Lookup answer;
    synchronized (this) {
      calls.add("getaddrinfo(" + host + " " + family + ")");
      answer = lookup;
    }
    return answer.answer(host, family, socktype, flags);
  }

  @Override
  public int bind(int fd, SockAddr addr) {
    record("bind", fd);
    return (int) next("bind", 0);
  }

  @Override
  public int listen(int fd, int backlog) {
    record("listen", fd);
    return (int) next("listen", 0);
  }

  @Override
  public int accept4(int fd, SockAddr[] peer, int flags) {
    record("accept4", fd);
    return (int) next("accept4", err(Errno.EAGAIN));
  }

  @Override
  public int connect(int fd, SockAddr addr) {
    record("connect", fd);
    return (int) next("connect", 0);
  }

  @Override
  public int getsockoptInt(int fd, int level, int name, int[] value) {
    record("getsockopt", fd);
    if (level == Sys.SOL_SOCKET && name == Sys.SO_ERROR) {
      value[0] = (int) next("SO_ERROR", 0);
      return 0;
    }
    long r = next("getsockopt", 0);
    value[0] = r < 0 ? 0 : (int) r;
    return r < 0 ? (int) r : 0;
  }

  @Override
  public int setsockoptInt(int fd, int level, int name, int value) {
    record("setsockopt", fd);
    return (int) next("setsockopt", 0);
  }

  @Override
  public int setLinger(int fd, boolean on, int seconds) {
    record("setLinger", fd);
    return (int) next("setLinger", 0);
  }

  @Override
  public int setsockoptBytes(int fd, int level, int name, byte[] value) {
    record("setsockopt", fd);
    return (int) next("setsockopt", 0);
  }

  @Override
  public int getsockname(int fd, SockAddr[] addr) {
    record("getsockname", fd);
    addr[0] = new SockAddr.In4(new byte[] {127, 0, 0, 1}, 40000);
    return (int) next("getsockname", 0);
  }

  @Override
  public int getpeername(int fd, SockAddr[] addr) {
    record("getpeername", fd);
    addr[0] = new SockAddr.In4(new byte[] {127, 0, 0, 1}, 9);
    return (int) next("getpeername", 0);
  }

  @Override
  public long send(int fd, MemorySegment buf, int flags) {
    record("send", fd);
    return next("send", buf.byteSize());
  }

  @Override
  public long recv(int fd, MemorySegment buf, int flags) {
    record("recv", fd);
    return next("recv", 0);
  }

  @Override
  public long sendto(int fd, MemorySegment buf, int flags, SockAddr to) {
    record("sendto", fd);
    return next("sendto", buf.byteSize());
  }

  @Override
  public long recvfrom(int fd, MemorySegment buf, int flags, SockAddr[] from) {
    record("recvfrom", fd);
    return next("recvfrom", 0);
  }

  @Override
  public int shutdown(int fd, int how) {
    record("shutdown", fd);
    return (int) next("shutdown", 0);
  }

  @Override
  public int close(int fd) {
    record("close", fd);
    return (int) next("close", 0);
  }

  @Override
  public int fcntl(int fd, int cmd, int arg) {
    record("fcntl", fd);
    return (int) next("fcntl", 0);
  }

  @Override
  public int poll(int fd, int events, int timeoutMillis) {
    Runnable before;
    IntConsumer hook;
    synchronized (this) {
      before = beforePoll;
      hook = pollHook;
    }
    before.run();
    record("poll", fd);
    hook.accept(timeoutMillis);
    return (int) next("poll", events);
  }
}
