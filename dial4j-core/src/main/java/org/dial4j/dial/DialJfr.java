package org.dial4j.dial;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * JFR events of a dial: {@code org.dial4j.Resolve} per family query and {@code
 * org.dial4j.ConnectAttempt} per attempt, each timed from its start to its end. Off unless a
 * recording enables them ({@code jfr configure}, {@code -XX:StartFlightRecording} or {@code jcmd
 * PID JFR.start} with {@code +org.dial4j.Resolve#enabled=true} and {@code
 * +org.dial4j.ConnectAttempt#enabled=true}, or {@link jdk.jfr.Recording#enable}).
 *
 * <p>Nothing of JFR is touched until JFR itself runs. {@code jdk.jfr} is an optional dependency
 * ({@code requires static}), read when it is in the module graph: always on the class path, and on
 * the module path of a full JDK nearly always too (service binding brings it in: {@code
 * java.management} binds {@code jdk.management.jfr}, which requires it), as do {@code
 * -XX:StartFlightRecording} and {@code --add-modules jdk.jfr}. Where it is not (a jlink image
 * without it, {@code --limit-modules}), every method here is one check of a static final, and no
 * recording, however started, gets these events. Where it is, each phase first asks whether any
 * class of package {@code jdk.jfr} has been loaded, which the boot loader answers without loading
 * one (about 0.2 us): JFR loads {@code jdk.jfr.FlightRecorder} as it initializes, so while none is
 * loaded no recording runs. Only then is {@link jdk.jfr.FlightRecorder#isInitialized()} asked, and
 * once it is true the event classes are loaded (JFR instruments them as they load) and each phase
 * costs the event's {@code isEnabled()} check. Loading a {@code jdk.jfr.Event} subclass with no
 * recording running costs about 110 {@code jdk.jfr} classes and tens of milliseconds of start-up,
 * which is why the events are not loaded before.
 *
 * <p>A recording started while the JVM runs ({@code jcmd PID JFR.start}, or a {@link
 * jdk.jfr.Recording} in the process) is seen by the first dial that starts after it: dials from
 * then on record their events, and a dial already under way records none (each dial asks once, as
 * it starts, through {@link DialObserver}). The first such dial also loads the event classes, once.
 */
final class DialJfr {
  private DialJfr() {}

  @Name("org.dial4j.Resolve")
  @Label("Dial Resolve")
  @Category({"dial4j", "Dialer"})
  @Description("One family's name lookup of a dial")
  @StackTrace(false)
  static final class ResolveEvent extends Event {
    @Label("Host")
    @Nullable String host;

    @Label("Family")
    @Nullable String family;

    @Label("Addresses")
    int addresses;

    @Label("Error")
    @Nullable String error;
  }

  @Name("org.dial4j.ConnectAttempt")
  @Label("Dial Connect Attempt")
  @Category({"dial4j", "Dialer"})
  @Description("One connect attempt of a dial (RFC 8305 races several)")
  @StackTrace(false)
  static final class AttemptEvent extends Event {
    @Label("Dial")
    @Nullable String dial;

    @Label("Attempt")
    int attempt;

    @Label("Target")
    @Nullable String target;

    @Label("Outcome")
    @Nullable String outcome;

    @Label("Errno")
    @Nullable String errno;
  }

  /**
   * Whether this module reads jdk.jfr: false when jdk.jfr is not in the module graph, and then no
   * recording can enable these events and no jdk.jfr class is ever named.
   */
  private static final boolean READS_JFR = readsJfr();

  /** Set once a class of package jdk.jfr is loaded (by anyone); never cleared. */
  private static volatile boolean jfrLoaded;

  /**
   * How often, at most, a dial asks whether jdk.jfr is loaded while it is not: the look (a
   * class-loader walk and a VM call with the package's name as UTF-8) cost a dial on the loop about
   * 0.3% of the loop thread (perf, {@code storm --dialer}); starting a recording takes far longer
   * than this, so a dial that starts after it still sees it.
   */
  private static final long LOOK_EVERY_NANOS = 1_000_000L;

  /** When the next look may be (System.nanoTime). */
  private static volatile long nextLook = System.nanoTime();

  /** Set once JFR is initialized, after which the probes below are made; never cleared. */
  private static volatile boolean jfrInitialized;

  private static boolean readsJfr() {
    Module self = DialJfr.class.getModule();
    ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
    Module jfr = layer.findModule("jdk.jfr").orElse(null);
    return jfr != null && self.canRead(jfr);
  }

  /** Whether the events may be enabled at all: JFR is initialized, and the probes are made. */
  private static boolean jfrRunning() {
    if (jfrInitialized) {
      return true;
    }
    return READS_JFR && initialized();
  }

  // Package.getPackage is deprecated (since 9, not for removal) for its caller-sensitive lookup
  // through the class loader chain; here that lookup is the point: for a boot-layer package the
  // boot loader answers from the VM's package table, non-null only once a class of it is loaded
  // (BootLoader.getDefinedPackage, JVM_GetSystemPackage), so asking loads nothing.
  @SuppressWarnings("deprecation")
  private static boolean initialized() {
    if (!jfrLoaded) {
      long now = System.nanoTime();
      if (now - nextLook < 0) {
        return false;
      }
      if (Package.getPackage("jdk.jfr") == null) {
        nextLook = now + LOOK_EVERY_NANOS;
        return false;
      }
      jfrLoaded = true;
    }
    if (!jdk.jfr.FlightRecorder.isInitialized()) {
      return false;
    }
    Probes.load();
    jfrInitialized = true;
    return true;
  }

  /** The event probes: loaded, with the event classes, only once JFR is initialized. */
  private static final class Probes {
    static final ResolveEvent RESOLVE = new ResolveEvent();
    static final AttemptEvent ATTEMPT = new AttemptEvent();

    private Probes() {}

    static void load() {
      // Initializing this class makes the probes.
    }
  }

  /** Whether a recording enables either event now: the one check a dial makes as it starts. */
  static boolean enabled() {
    return jfrRunning() && (Probes.RESOLVE.isEnabled() || Probes.ATTEMPT.isEnabled());
  }

  static @Nullable ResolveEvent resolveBegin(String host, Family family) {
    if (!jfrRunning() || !Probes.RESOLVE.isEnabled()) {
      return null;
    }
    ResolveEvent e = new ResolveEvent();
    e.begin();
    e.host = host;
    e.family = DialText.family(family);
    return e;
  }

  static void resolveEnd(@Nullable ResolveEvent e, int addresses, @Nullable Exception error) {
    if (e != null) {
      e.end();
      e.addresses = addresses;
      e.error = error == null ? null : error.getMessage();
      e.commit();
    }
  }

  static @Nullable AttemptEvent attemptBegin(String dial, int attempt, InetEndpoint target) {
    if (!jfrRunning() || !Probes.ATTEMPT.isEnabled()) {
      return null;
    }
    AttemptEvent e = new AttemptEvent();
    e.begin();
    e.dial = dial;
    e.attempt = attempt;
    e.target = target.toString();
    return e;
  }

  static void attemptEnd(@Nullable AttemptEvent e, String outcome, @Nullable Errno errno) {
    if (e != null) {
      e.end();
      e.outcome = outcome;
      e.errno = errno == null ? null : errno.name();
      e.commit();
    }
  }
}
