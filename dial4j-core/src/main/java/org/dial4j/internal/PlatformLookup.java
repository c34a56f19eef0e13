package org.dial4j.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.Family;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.sys.AddrInfo;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * The platform's name lookup, getaddrinfo(3) as glibc runs it (the sources nsswitch.conf lists:
 * /etc/hosts, DNS, ...), and the one error dial4j makes of each of its failures. The dialer's
 * {@code Resolver.system()} asks one family at a time ({@link #lookup}), so that an answer of one
 * family never waits for the other (RFC 8305 section 3); libut's blocking {@code EventLoop.resolve}
 * asks for both at once ({@link #all}, AF_UNSPEC, in getaddrinfo's RFC 6724 order).
 *
 * <p>getaddrinfo cannot be interrupted and holds its thread while it waits (a virtual thread's
 * carrier too), so the calls run on a small pool of platform threads: at most {@code threads}
 * (daemon, named {@code dial4j-getaddrinfo-N}, started on demand and ended after {@code idle}
 * without work), then a bounded queue. A lookup that finds the queue full fails at once with
 * EAGAIN, the errno of a temporary failure: it neither blocks its caller (perhaps a loop thread)
 * nor runs the call there. One call per (name, family) is in flight, whoever asks: a caller joins
 * the call queued or running for it (and an answer already made while the name's other call is in
 * flight). A caller that stops waiting (its deadline, a cancel) abandons its own future, a copy of
 * the shared answer; a call already running finishes in the background and its answer goes to
 * whoever still waits, and a call still queued when nobody waits for its name (either family) any
 * more is not made. The table of names in flight holds a name only while one of its answers is not
 * made: no cache.
 *
 * <p>No {@code AI_ADDRCONFIG}: glibc's (getaddrinfo(3)) answers a family only if the machine has an
 * address of that family other than loopback, so on a host or namespace with loopback alone every
 * name, localhost and the literals included, is EAI_NONAME, and on an IPv4-only host an AAAA answer
 * is dropped that the dial would have tried and failed fast on. The dialer asks each family itself
 * and races what it gets (RFC 8305), which is what AI_ADDRCONFIG approximates.
 */
public final class PlatformLookup {
  /** Four dials' two families at once; the calls wait on I/O, not on a CPU. */
  private static final int THREADS = 8;

  /** Lookups waiting for a thread; each is a few objects. */
  private static final int QUEUE = 256;

  private static final Duration IDLE = Duration.ofSeconds(30);

  // The slots of a name's calls: by family, and both at once.
  private static final int V6 = 0;
  private static final int V4 = 1;
  private static final int ANY = 2;

  private final Syscalls sys;
  private final ThreadPoolExecutor pool;

  /** The names with a call or an answer in progress; its own lock guards it and every Name. */
  private final Map<String, Name> names = new HashMap<>();

  private final AtomicLong calls = new AtomicLong();

  /** The process's lookups, made on the first use (threads on the first call). */
  private static final class Shared {
    static final PlatformLookup INSTANCE =
        new PlatformLookup(LinuxSyscalls.INSTANCE, THREADS, QUEUE, IDLE);
  }

  /**
   * Lookups through {@code sys} on at most {@code threads} threads, {@code queue} more waiting; a
   * thread ends after {@code idle} without work.
   */
  public PlatformLookup(Syscalls sys, int threads, int queue, Duration idle) {
    this.sys = Objects.requireNonNull(sys, "sys");
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            idle.toNanos(),
            TimeUnit.NANOSECONDS,
            new ArrayBlockingQueue<>(queue),
            Thread.ofPlatform().name("dial4j-getaddrinfo-", 1).daemon().factory(),
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /** The process's lookups, over the C library ({@link LinuxSyscalls}). */
  public static PlatformLookup system() {
    return Shared.INSTANCE;
  }

  /**
   * {@code host}'s addresses of {@code family}, in getaddrinfo's order without repeats; returns at
   * once. A family the name has no address of answers an empty list when the other family has one
   * (the name exists), and fails with ENOENT when neither has: glibc says EAI_NONAME for both cases
   * when /etc/hosts lists the name under the other family only, so the other family's call (the
   * same one a dial asking both families waits for) tells them apart. Cancelling the future
   * abandons it and nothing else.
   *
   * @return a future failed with a {@code NetError} of operation resolve, or the {@link
   *     IllegalCallerException} of a JVM that denies native access
   */
  public CompletableFuture<List<InetAddress>> lookup(String host, Family family) {
    return join(Objects.requireNonNull(host, "host"), family == Family.INET6 ? V6 : V4);
  }

  /**
   * Every address of {@code host}, both families in one call (AF_UNSPEC), in getaddrinfo's order
   * (RFC 6724, as gai.conf tunes it). It blocks: never call it on a loop thread.
   *
   * @throws IOException ENOENT (resolve) when the name has no address, the errno of another failure
   *     (below), EINTR when the calling thread is interrupted
   */
  public List<InetAddress> all(String host) throws IOException {
    CompletableFuture<List<InetAddress>> f = join(Objects.requireNonNull(host, "host"), ANY);
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(false);
      Thread.currentThread().interrupt();
      throw NetError.of(Errno.EINTR, Operation.RESOLVE, "lookup of " + host + " interrupted");
    } catch (ExecutionException e) {
      Throwable t = Objects.requireNonNullElse(e.getCause(), e);
      if (t instanceof IOException io) {
        throw io;
      }
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error err) {
        throw err;
      }
      throw new IOException(t);
    }
  }

  /** ENOENT from resolve: {@code host} has no address, for {@code why} (may be null). */
  public static IOException noAddress(String host, @Nullable String why) {
    return NetError.of(
        Errno.ENOENT,
        Operation.RESOLVE,
        "no address for " + host + (why != null && !why.isEmpty() ? ": " + why : ""));
  }

  /**
   * The error of a failed getaddrinfo (getaddrinfo(3)'s codes): no such name or no address
   * (EAI_NONAME, EAI_NODATA, EAI_ADDRFAMILY) is ENOENT; a temporary failure (EAI_AGAIN: a DNS
   * server did not answer in time, or said SERVFAIL) is EAGAIN; EAI_MEMORY is ENOMEM; EAI_SYSTEM is
   * its errno; a non-recoverable failure (EAI_FAIL: the server refused or answered nonsense) is
   * EIO, not EAGAIN, because asking again will not help; any other code (a flag or family glibc
   * refused, which dial4j never passes) is EIO too.
   */
  static IOException error(String host, AddrInfo r) {
    String detail = "lookup of " + host + ": " + r.text();
    return switch (r.status()) {
      case Sys.EAI_NONAME, Sys.EAI_NODATA, Sys.EAI_ADDRFAMILY -> noAddress(host, r.text());
      case Sys.EAI_AGAIN -> NetError.of(Errno.EAGAIN, Operation.RESOLVE, detail);
      case Sys.EAI_MEMORY -> NetError.of(Errno.ENOMEM, Operation.RESOLVE, detail);
      case Sys.EAI_SYSTEM ->
          NetError.of(Errno.lookup(r.errno()).orElse(Errno.EIO), Operation.RESOLVE, detail);
      default -> NetError.of(Errno.EIO, Operation.RESOLVE, detail);
    };
  }

  /** Whether {@code r} says the name has no address of the family asked, or none at all. */
  private static boolean noAddress(AddrInfo r) {
    int s = r.status();
    return s == 0 || s == Sys.EAI_NONAME || s == Sys.EAI_NODATA || s == Sys.EAI_ADDRFAMILY;
  }

  /** getaddrinfo calls made so far (a call a queued lookup was spared does not count). */
  long calls() {
    return calls.get();
  }

  /** Threads in the pool now. */
  int threads() {
    return pool.getPoolSize();
  }

  /** The most threads the pool has had at once. */
  int largestThreads() {
    return pool.getLargestPoolSize();
  }

  // ---------------------------------------------------------------- the calls in flight

  /** One of a name's calls and the answer made of it; both made on demand. */
  private static final class Slot {
    @Nullable CompletableFuture<AddrInfo> call;
    @Nullable CompletableFuture<List<InetAddress>> answer;
  }

  /** One name's calls in flight, guarded by {@link #names}. */
  private static final class Name {
    final String host;
    final Slot[] slots = {new Slot(), new Slot(), new Slot()};

    /** Callers' futures not done yet: when none is left, a call not started yet is not made. */
    int waiting;

    /** Answers not done yet: when none is left, the name leaves the table. */
    int open;

    Name(String host) {
      this.host = host;
    }
  }

  private CompletableFuture<List<InetAddress>> join(String host, int slot) {
    List<Runnable> after = new ArrayList<>(2);
    Name n;
    CompletableFuture<List<InetAddress>> answer;
    synchronized (names) {
      n = names.computeIfAbsent(host, Name::new);
      n.waiting++;
      answer = answer(n, slot, after);
    }
    // Calls are submitted and answers wired outside the lock: completing a future runs its
    // dependents, which take the lock themselves and may be anyone's code.
    after.forEach(Runnable::run);
    // A copy per caller: cancelling it abandons this caller's wait, not the shared answer.
    CompletableFuture<List<InetAddress>> mine = answer.copy();
    var _ = mine.whenComplete((list, err) -> left(n));
    return mine;
  }

  private void left(Name n) {
    synchronized (names) {
      n.waiting--;
    }
  }

  /** The answer of {@code n}'s {@code slot}, made (with its call) if it is not there yet. */
  private CompletableFuture<List<InetAddress>> answer(Name n, int slot, List<Runnable> after) {
    Slot s = n.slots[slot];
    CompletableFuture<List<InetAddress>> a = s.answer;
    if (a == null) {
      CompletableFuture<List<InetAddress>> made = new CompletableFuture<>();
      s.answer = made;
      n.open++;
      CompletableFuture<AddrInfo> call = call(n, slot, after);
      after.add(() -> wire(n, slot, call, made));
      a = made;
    }
    return a;
  }

  /** The call of {@code n}'s {@code slot}, made (and submitted after the lock) if not there yet. */
  private CompletableFuture<AddrInfo> call(Name n, int slot, List<Runnable> after) {
    Slot s = n.slots[slot];
    CompletableFuture<AddrInfo> c = s.call;
    if (c == null) {
      CompletableFuture<AddrInfo> made = new CompletableFuture<>();
      s.call = made;
      after.add(() -> submit(n, slot, made));
      c = made;
    }
    return c;
  }

  private void submit(Name n, int slot, CompletableFuture<AddrInfo> c) {
    try {
      pool.execute(() -> run(n, slot, c));
    } catch (RejectedExecutionException full) {
      c.completeExceptionally(
          NetError.of(
              Errno.EAGAIN,
              Operation.RESOLVE,
              "lookup of "
                  + n.host
                  + " not started: "
                  + pool.getMaximumPoolSize()
                  + " getaddrinfo calls running and "
                  + pool.getQueue().size()
                  + " waiting"));
    }
  }

  /** On a pool thread: the call, unless nobody waits for the name any more. */
  private void run(Name n, int slot, CompletableFuture<AddrInfo> c) {
    boolean nobody;
    synchronized (names) {
      nobody = n.waiting == 0;
      if (nobody) {
        names.remove(n.host, n);
      }
    }
    if (nobody) {
      c.cancel(false);
      return;
    }
    calls.incrementAndGet();
    try {
      c.complete(sys.getaddrinfo(n.host, family(slot), Sys.SOCK_STREAM, 0));
    } catch (RuntimeException | Error e) {
      // IllegalCallerException when the JVM denies native access: the callers get it.
      c.completeExceptionally(e);
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  private static int family(int slot) {
    return switch (slot) {
      case V6 -> Sys.AF_INET6;
      case V4 -> Sys.AF_INET;
      default -> Sys.AF_UNSPEC;
    };
  }

  /** Makes {@code answer} of {@code call}'s outcome, once the call is done. */
  private void wire(
      Name n, int slot, CompletableFuture<AddrInfo> call, CompletableFuture<List<InetAddress>> a) {
    var _ =
        call.whenComplete(
            (r, err) -> {
              if (err != null) {
                finish(n, a, null, err);
              } else if (!r.addresses().isEmpty()) {
                finish(n, a, addresses(n.host, r, slot), null);
              } else if (!noAddress(r)) {
                finish(n, a, null, error(n.host, r));
              } else if (slot == ANY) {
                finish(n, a, null, noAddress(n.host, r.text()));
              } else {
                sibling(n, slot, r, a);
              }
            });
  }

  /**
   * {@code n} has no address of {@code slot}'s family ({@code r}): an empty answer if the other
   * family has one, else {@code r}'s ENOENT.
   */
  private void sibling(Name n, int slot, AddrInfo r, CompletableFuture<List<InetAddress>> a) {
    List<Runnable> after = new ArrayList<>(1);
    CompletableFuture<AddrInfo> other;
    synchronized (names) {
      other = call(n, slot == V6 ? V4 : V6, after);
    }
    after.forEach(Runnable::run);
    var _ =
        other.whenComplete(
            (o, err) -> {
              if (o != null && !o.addresses().isEmpty()) {
                finish(n, a, List.of(), null);
              } else {
                finish(n, a, null, error(n.host, r));
              }
            });
  }

  private void finish(
      Name n,
      CompletableFuture<List<InetAddress>> a,
      @Nullable List<InetAddress> value,
      @Nullable Throwable err) {
    synchronized (names) {
      if (--n.open == 0) {
        names.remove(n.host, n);
      }
    }
    if (err != null) {
      a.completeExceptionally(err);
    } else {
      a.complete(Objects.requireNonNull(value, "a value where there is no error"));
    }
  }

  /** {@code r}'s addresses of {@code slot}'s family, in order, each once, named {@code host}. */
  private static List<InetAddress> addresses(String host, AddrInfo r, int slot) {
    List<InetAddress> out = new ArrayList<>(r.addresses().size());
    Set<String> seen = new HashSet<>();
    for (SockAddr a : r.addresses()) {
      byte[] ip;
      int scope;
      if (a instanceof SockAddr.In4 v4 && slot != V6) {
        ip = v4.addr();
        scope = 0;
      } else if (a instanceof SockAddr.In6 v6 && slot != V4) {
        ip = v6.addr();
        scope = v6.scopeId();
      } else {
        continue;
      }
      if (seen.add(HexFormat.of().formatHex(ip) + "%" + scope)) {
        out.add(inet(host, ip, scope));
      }
    }
    return out;
  }

  private static InetAddress inet(String host, byte[] ip, int scope) {
    try {
      // Inet6Address keeps an IPv4-mapped address (from /etc/hosts) an IPv6 one, as it was asked.
      return ip.length == 16
          ? Inet6Address.getByAddress(host, ip, scope == 0 ? -1 : scope)
          : InetAddress.getByAddress(host, ip);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + ip.length + " bytes", e);
    }
  }
}
