package org.dial4j.sys;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dial4j.Family;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LoopBackends;
import org.dial4j.socket.PosixSocket;
import org.dial4j.socket.SocketBackends;
import org.jspecify.annotations.Nullable;

/**
 * The real system calls, some of which fail on purpose: per {@link Call}, a chosen rate of calls
 * answers a chosen errno instead of what the kernel would have said, drawn from a seeded random so
 * that a failing run can be replayed ({@link #seed()}; the tests print it, see {@code
 * org.dial4j.testing.FaultSeed}). Or, curl's torture idea, exactly one call fails: the n-th call a
 * rule applies to ({@link #tortureStep}), so that a scenario can be run once per call it makes,
 * each run failing the next one.
 *
 * <p>An injected failure is one the kernel could give, and has no effect the kernel's own failure
 * would not have: each {@link Call} refuses an errno the kernel does not answer it with ({@link
 * Call#legal()}), and
 *
 * <ul>
 *   <li>a failed {@code socket}, {@code accept4}, {@code epoll_create1} or {@code eventfd} makes no
 *       real call, so no descriptor is left open (an EMFILE from {@code accept4} leaves the
 *       connection queued, as the kernel does);
 *   <li>{@code recv}, {@code send}, {@code poll} and {@code epoll_wait} fail before the real call:
 *       nothing was read, written or consumed (EINTR as from a signal that came first; EAGAIN as
 *       from an empty receive queue or a full send buffer, which level-triggered epoll or poll then
 *       reports ready again);
 *   <li>{@code connect} with ENOMEM or ENOBUFS makes no real call (the kernel's own failure leaves
 *       the socket unconnected); EAGAIN only on an {@code AF_UNIX} socket (a Unix listener's full
 *       queue; a TCP connect answers EADDRNOTAVAIL where it runs out of ports); EINTR is an
 *       interrupted blocking connect, whose handshake goes on: the real connect is made, and its
 *       EINPROGRESS is answered as EINTR (any other answer is passed on, and nothing is injected);
 *   <li>{@code epoll_ctl} fails (ENOMEM, ENOSPC for {@code max_user_watches}) for {@code
 *       EPOLL_CTL_ADD} only, the operation that allocates; MOD and DEL pass through;
 *   <li>{@code close} reporting EIO (or EINTR) is made for real first: Linux releases the
 *       descriptor whatever close(2) reports, so the number is free when the error comes back (when
 *       the real close itself fails, that is answered and nothing is injected).
 * </ul>
 *
 * <p>{@code read} and {@code write} pass through: dial4j makes them on its non-blocking eventfd,
 * which never answers EINTR and answers EAGAIN only when its count is 0, which the wrapper cannot
 * know without reading it. Every other call passes through too.
 *
 * <p>Every injection is counted per call and errno ({@link #injected(Call, Errno)}), so a test can
 * assert that its faults happened: a fault test that injected nothing proves nothing. Safe for any
 * number of threads. Each call has its own random stream, so one call's sequence of decisions does
 * not depend on how other calls interleave with it; calls of one kind from several threads still
 * interleave as they run, so a seed replays the draws, and the run exactly only where one thread
 * makes those calls.
 *
 * <p>For a harness (a soak, a test of another face): {@code
 * FaultySyscalls.linux(seed).fail(Call.CONNECT, 0.1, Errno.ENOBUFS)} or {@link #failAll(double)},
 * then {@link #loopBuilder()} for an {@link EventLoop} over it (a {@code
 * Dialer.builder().loop(loop)} dials over it, and the {@code Connection}s it makes use its calls)
 * and {@link #openSocket} for a {@link PosixSocket}; {@link #setEnabled} turns injection off for
 * the clean calls that check that nothing was left broken.
 */
public final class FaultySyscalls extends ForwardingSyscalls {
  /** The system property that replays a seed ({@link #chooseSeed()}). */
  public static final String SEED_PROPERTY = "dial4j.faults.seed";

  /**
   * The calls a failure can be injected into, each with the errnos Linux answers it with where the
   * failure has no side effect the wrapper cannot give (see the class comment).
   */
  public enum Call {
    /** {@code socket(2)}: the descriptor tables full, or no memory. */
    SOCKET(Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM, Errno.ENOBUFS),
    /** {@code connect(2)}: interrupted, a Unix listener's full queue, no memory. */
    CONNECT(Errno.EINTR, Errno.EAGAIN, Errno.ENOMEM, Errno.ENOBUFS),
    /** {@code accept4(2)}: interrupted, nothing queued, the descriptor tables full, no memory. */
    ACCEPT4(Errno.EINTR, Errno.EAGAIN, Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM, Errno.ENOBUFS),
    /** {@code recv(2)} and {@code recvfrom(2)}: interrupted, nothing to read. */
    RECV(Errno.EINTR, Errno.EAGAIN),
    /** {@code send(2)} and {@code sendto(2)}: interrupted, no room. */
    SEND(Errno.EINTR, Errno.EAGAIN),
    /** {@code poll(2)}: interrupted, no memory for its tables. */
    POLL(Errno.EINTR, Errno.ENOMEM),
    /** {@code epoll_wait(2)}: interrupted. */
    EPOLL_WAIT(Errno.EINTR),
    /** {@code epoll_ctl(2)} ADD: no memory, or {@code max_user_watches} reached. */
    EPOLL_CTL(Errno.ENOMEM, Errno.ENOSPC),
    /** {@code close(2)}: an I/O error or a signal, reported after the descriptor was released. */
    CLOSE(Errno.EIO, Errno.EINTR),
    /** {@code epoll_create1(2)}: the descriptor tables full, no memory. */
    EPOLL_CREATE1(Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM),
    /** {@code eventfd(2)}: the descriptor tables full, no memory. */
    EVENTFD(Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM);

    @SuppressWarnings("ImmutableEnumChecker") // List.of: immutable
    private final List<Errno> legal;

    Call(Errno... legal) {
      this.legal = List.of(legal);
    }

    /** The errnos this call may be failed with, in a fixed order. */
    public List<Errno> legal() {
      return legal;
    }
  }

  /** A call's rule: the rate and the errnos to choose from. */
  private record Rule(double rate, List<Errno> errnos) {}

  private final long seed;

  /** The rules, replaced whole when one changes (set up before the calls, read by every call). */
  private volatile Map<Call, Rule> rules = new EnumMap<>(Call.class);

  private final Map<Call, Random> randoms = new EnumMap<>(Call.class);

  /** Per call, the injections per errno, in the order of {@link Call#legal()}. */
  private final Map<Call, AtomicLongArray> injected = new EnumMap<>(Call.class);

  /**
   * Per thread, the errno last injected into each call there and not yet taken ({@link
   * #takeInjectedHere}): a harness tells an injected failure of a call it made itself from the
   * kernel's.
   */
  private final ThreadLocal<Map<Call, Errno>> here =
      ThreadLocal.withInitial(() -> new EnumMap<>(Call.class));

  private final AtomicLong eligible = new AtomicLong();
  private volatile boolean enabled = true;

  /** -1: each eligible call fails at its rule's rate; 0: none fails; n: only the n-th. */
  private volatile long only = -1;

  private FaultySyscalls(Syscalls real, long seed) {
    super(real);
    this.seed = seed;
    long stream = seed;
    for (Call c : Call.values()) {
      // One stream per call, each from the seed (the golden ratio's step spreads them).
      stream += 0x9E3779B97F4A7C15L;
      randoms.put(c, new Random(stream));
      injected.put(c, new AtomicLongArray(c.legal.size()));
    }
  }

  /** Over the real calls ({@link LinuxSyscalls#INSTANCE}), with {@code seed}; no rule yet. */
  public static FaultySyscalls linux(long seed) {
    return over(LinuxSyscalls.INSTANCE, seed);
  }

  /** Over {@code real} (another wrapper, a fake), with {@code seed}; no rule yet. */
  public static FaultySyscalls over(Syscalls real, long seed) {
    return new FaultySyscalls(real, seed);
  }

  /**
   * The seed to use: the {@value #SEED_PROPERTY} system property when it is set (to replay a run),
   * else a new random one.
   */
  public static long chooseSeed() {
    Long given = Long.getLong(SEED_PROPERTY);
    return given != null ? given : ThreadLocalRandom.current().nextLong();
  }

  /**
   * Fails {@code call} at {@code rate} (0 to 1) with one of {@code errnos} (each as likely; none
   * given: every errno of {@link Call#legal()}). Replaces the call's earlier rule.
   *
   * @throws IllegalArgumentException a rate out of 0..1, or an errno the kernel does not answer
   *     {@code call} with (named)
   */
  public FaultySyscalls fail(Call call, double rate, Errno... errnos) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate " + rate + " for " + call + " is not in 0..1");
    }
    List<Errno> chosen = errnos.length == 0 ? call.legal : List.of(errnos);
    for (Errno e : chosen) {
      if (!call.legal.contains(e)) {
        throw new IllegalArgumentException(
            call + " cannot fail with " + e.name() + " here; it may with " + call.legal);
      }
    }
    return withRule(call, new Rule(rate, chosen));
  }

  /**
   * Fails every call a running loop, socket or dialer makes ({@code socket}, {@code connect},
   * {@code accept4}, {@code recv}, {@code send}, {@code poll}, {@code epoll_wait}, {@code
   * epoll_ctl}, {@code close}) at {@code rate}, each with any of its legal errnos. A loop's start
   * ({@code epoll_create1}, {@code eventfd}) is left alone: ask for it by name with {@link #fail}.
   */
  public FaultySyscalls failAll(double rate) {
    for (Call c : EnumSet.complementOf(EnumSet.of(Call.EPOLL_CREATE1, Call.EVENTFD))) {
      fail(c, rate);
    }
    return this;
  }

  /** Takes {@code call}'s rule away: it passes through. */
  public FaultySyscalls pass(Call call) {
    return withRule(call, null);
  }

  private synchronized FaultySyscalls withRule(Call call, Rule rule) {
    Map<Call, Rule> next = new EnumMap<>(Call.class);
    next.putAll(rules);
    if (rule == null) {
      next.remove(call);
    } else {
      next.put(call, rule);
    }
    rules = next;
    return this;
  }

  /**
   * Turns injection on (the default) or off: off, every call passes through and nothing is counted
   * (for the clean calls after a faulty run, which must find nothing broken).
   */
  public FaultySyscalls setEnabled(boolean on) {
    this.enabled = on;
    return this;
  }

  /**
   * The torture mode (curl's {@code --torture}): from now on only the {@code n}-th call a rule
   * applies to fails (counting from 1, from this call on), with one of its rule's errnos; {@code
   * 0}: none fails, the calls are only counted ({@link #eligibleCalls()}), which tells how many
   * steps a scenario has. Rates are ignored until {@link #atRates()}.
   */
  public FaultySyscalls tortureStep(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("step " + n + " is negative");
    }
    eligible.set(0);
    only = n;
    return this;
  }

  /** Back from the torture mode: each call fails at its rule's rate again. */
  public FaultySyscalls atRates() {
    only = -1;
    return this;
  }

  /** The calls a rule applied to since the last {@link #tortureStep} (or since creation). */
  public long eligibleCalls() {
    return eligible.get();
  }

  /** The seed the random streams started from. */
  public long seed() {
    return seed;
  }

  /** How many failures were injected into {@code call} with {@code errno}. */
  public long injected(Call call, Errno errno) {
    int i = call.legal.indexOf(errno);
    return i < 0 ? 0 : injected.get(call).get(i);
  }

  /** How many failures were injected into {@code call}. */
  public long injected(Call call) {
    AtomicLongArray counts = injected.get(call);
    long n = 0;
    for (int i = 0; i < counts.length(); i++) {
      n += counts.get(i);
    }
    return n;
  }

  /**
   * The errno injected into {@code call} on this thread since the last take (the latest one), or
   * null when none was; forgets it. A harness takes it before a call of its own (to forget an older
   * one) and after the call failed: the failure was injected when the two errnos match (for example
   * a {@code PosixSocket.close} that threw EIO, which it does only when its own {@code close(2)}
   * said so).
   */
  public @Nullable Errno takeInjectedHere(Call call) {
    return here.get().remove(call);
  }

  /** How many failures were injected in all. */
  public long injected() {
    long n = 0;
    for (Call c : Call.values()) {
      n += injected(c);
    }
    return n;
  }

  /** How many failures with {@code errno} were injected, into whichever call. */
  public long injected(Errno errno) {
    long n = 0;
    for (Call c : Call.values()) {
      n += injected(c, errno);
    }
    return n;
  }

  /**
   * The seed and every count that is not 0: {@code FaultySyscalls[seed=42 CONNECT/ENOBUFS=3
   * CLOSE/EIO=1]}, for a failure's message.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FaultySyscalls[seed=").append(seed);
    for (Call c : Call.values()) {
      for (Errno e : c.legal) {
        long n = injected(c, e);
        if (n > 0) {
          sb.append(' ').append(c).append('/').append(e.name()).append('=').append(n);
        }
      }
    }
    if (only >= 0) {
      sb.append(" torture step ")
          .append(only)
          .append(" of ")
          .append(eligible.get())
          .append(" seen");
    }
    return sb.append(']').toString();
  }

  // ---------------------------------------------------------------- for harnesses

  /** A builder of an {@link EventLoop} whose every system call goes through this table. */
  public EventLoop.Builder loopBuilder() {
    return LoopBackends.builder(this);
  }

  /**
   * A new blocking {@link PosixSocket} over this table (its {@code socket(2)} among its calls).
   *
   * @throws IOException as {@link PosixSocket#open(Family, Network.SocketType)}
   */
  public PosixSocket openSocket(Family family, Network.SocketType type) throws IOException {
    return SocketBackends.open(this, family, type);
  }

  /**
   * For the reliability soak's {@code --syscalls} (a class it makes by name, with no argument): the
   * real table with EINTR, and EAGAIN where a blocking call waits it out, failing 10% of the calls
   * that can answer them ({@code connect}'s EINTR, {@code recv}, {@code send}, {@code accept4},
   * {@code poll}, {@code epoll_wait}, {@code close}'s EINTR). dial4j must handle each inside, so
   * the soak runs with no errno allowed beyond its faults' own. The seed is {@link
   * #chooseSeed()}'s, printed once on standard error.
   */
  public static final class Interrupting implements Supplier<Syscalls> {
    /** Made by class name. */
    public Interrupting() {}

    @Override
    public Syscalls get() {
      return announced(
          linux(chooseSeed())
              .fail(Call.CONNECT, 0.1, Errno.EINTR)
              .fail(Call.RECV, 0.1)
              .fail(Call.SEND, 0.1)
              .fail(Call.ACCEPT4, 0.1, Errno.EINTR, Errno.EAGAIN)
              .fail(Call.POLL, 0.1, Errno.EINTR)
              .fail(Call.EPOLL_WAIT, 0.1)
              .fail(Call.CLOSE, 0.1, Errno.EINTR));
    }
  }

  /**
   * For the reliability soak's {@code --syscalls}: {@link #failAll(double)} at 1%, so that the
   * errnos of {@link #FAILING_ERRNOS} also reach the callers (allow each with {@code
   * --allow-errno}). The seed as {@link Interrupting}'s.
   */
  public static final class Failing implements Supplier<Syscalls> {
    /** Made by class name. */
    public Failing() {}

    @Override
    public Syscalls get() {
      return announced(linux(chooseSeed()).failAll(0.01));
    }
  }

  /**
   * What {@link Failing} makes a caller see, besides what the kernel says: {@code socket}'s, {@code
   * connect}'s, {@code accept4}'s, {@code epoll_ctl}'s and {@code poll}'s errnos, and {@code
   * close}'s EIO.
   */
  public static final List<Errno> FAILING_ERRNOS =
      List.of(Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM, Errno.ENOBUFS, Errno.ENOSPC, Errno.EIO);

  /**
   * The table a class name names, for the soak's {@code --syscalls} and the suites' {@code
   * -Ddial4j.test.syscalls}: an instance of a {@link Syscalls}, or what a {@code
   * Supplier<Syscalls>} (such as {@link Interrupting} and {@link Failing}) supplies, made with its
   * public no-argument constructor.
   *
   * @throws IllegalArgumentException it cannot be made, or is neither (named)
   */
  public static Syscalls tableNamed(String className) {
    Object made;
    try {
      made = Class.forName(className).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot make the system call table " + className, e);
    }
    if (made instanceof Syscalls s) {
      return s;
    }
    if (made instanceof Supplier<?> supplier && supplier.get() instanceof Syscalls s) {
      return s;
    }
    throw new IllegalArgumentException(className + " is neither a Syscalls nor a Supplier of one");
  }

  private static FaultySyscalls announced(FaultySyscalls f) {
    System.err.println(
        "FaultySyscalls: seed " + f.seed() + " (replay: -D" + SEED_PROPERTY + "=" + f.seed() + ")");
    return f;
  }

  // ---------------------------------------------------------------- deciding

  /**
   * The errno to fail this call of {@code call} with, or null to make the real call: the rule's
   * errnos that {@code applies} allows are the choice (none: the rule does not apply, and the call
   * is not counted as eligible).
   */
  private Errno decide(Call call, Predicate<Errno> applies) {
    if (!enabled) {
      return null;
    }
    Rule rule = rules.get(call);
    if (rule == null) {
      return null;
    }
    List<Errno> choice = new ArrayList<>(rule.errnos.size());
    for (Errno e : rule.errnos) {
      if (applies.test(e)) {
        choice.add(e);
      }
    }
    if (choice.isEmpty()) {
      return null;
    }
    long n = eligible.incrementAndGet();
    long step = only;
    Random random = randoms.get(call);
    synchronized (random) {
      boolean fail = step < 0 ? random.nextDouble() < rule.rate : n == step;
      return fail ? choice.get(random.nextInt(choice.size())) : null;
    }
  }

  private Errno decide(Call call) {
    return decide(call, e -> true);
  }

  /** Counts an injection of {@code errno} into {@code call}; returns -errno. */
  private int inject(Call call, Errno errno) {
    injected.get(call).incrementAndGet(call.legal.indexOf(errno));
    here.get().put(call, errno);
    return -errno.number();
  }

  private boolean isUnixSocket(int fd) {
    int[] v = new int[1];
    return real.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_DOMAIN, v) == 0 && v[0] == Sys.AF_UNIX;
  }

  // ---------------------------------------------------------------- the calls that may fail

  @Override
  public int socket(int domain, int type, int protocol) {
    Errno e = decide(Call.SOCKET);
    return e != null ? inject(Call.SOCKET, e) : real.socket(domain, type, protocol);
  }

  @Override
  public int connect(int fd, SockAddr addr) {
    Errno e = decide(Call.CONNECT, x -> x != Errno.EAGAIN || isUnixSocket(fd));
    if (e == null) {
      return real.connect(fd, addr);
    }
    if (e == Errno.EINTR) {
      int r = real.connect(fd, addr);
      return r == -Errno.EINPROGRESS.number() ? inject(Call.CONNECT, e) : r;
    }
    return inject(Call.CONNECT, e);
  }

  @Override
  public int accept4(int fd, SockAddr[] peer, int flags) {
    Errno e = decide(Call.ACCEPT4);
    return e != null ? inject(Call.ACCEPT4, e) : real.accept4(fd, peer, flags);
  }

  @Override
  public long recv(int fd, MemorySegment buf, int flags) {
    Errno e = decide(Call.RECV);
    return e != null ? inject(Call.RECV, e) : real.recv(fd, buf, flags);
  }

  @Override
  public long recvfrom(int fd, MemorySegment buf, int flags, SockAddr[] from) {
    Errno e = decide(Call.RECV);
    return e != null ? inject(Call.RECV, e) : real.recvfrom(fd, buf, flags, from);
  }

  @Override
  public long send(int fd, MemorySegment buf, int flags) {
    Errno e = decide(Call.SEND);
    return e != null ? inject(Call.SEND, e) : real.send(fd, buf, flags);
  }

  @Override
  public long sendto(int fd, MemorySegment buf, int flags, SockAddr to) {
    Errno e = decide(Call.SEND);
    return e != null ? inject(Call.SEND, e) : real.sendto(fd, buf, flags, to);
  }

  @Override
  public int poll(int fd, int events, int timeoutMillis) {
    Errno e = decide(Call.POLL);
    return e != null ? inject(Call.POLL, e) : real.poll(fd, events, timeoutMillis);
  }

  @Override
  public int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
    Errno e = decide(Call.EPOLL_WAIT);
    return e != null
        ? inject(Call.EPOLL_WAIT, e)
        : real.epollWait(epfd, events, maxEvents, timeoutMillis);
  }

  @Override
  public int epollCtl(int epfd, int op, int fd, int events, long data) {
    Errno e = op == Sys.EPOLL_CTL_ADD ? decide(Call.EPOLL_CTL) : null;
    return e != null ? inject(Call.EPOLL_CTL, e) : real.epollCtl(epfd, op, fd, events, data);
  }

  @Override
  public int close(int fd) {
    Errno e = decide(Call.CLOSE);
    int r = real.close(fd);
    return e != null && r == 0 ? inject(Call.CLOSE, e) : r;
  }

  @Override
  public int epollCreate1(int flags) {
    Errno e = decide(Call.EPOLL_CREATE1);
    return e != null ? inject(Call.EPOLL_CREATE1, e) : real.epollCreate1(flags);
  }

  @Override
  public int eventfd(int initval, int flags) {
    Errno e = decide(Call.EVENTFD);
    return e != null ? inject(Call.EVENTFD, e) : real.eventfd(initval, flags);
  }

  // ---------------------------------------------------------------- the calls that pass through

}
