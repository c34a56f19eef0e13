package org.dial4j.dial;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * The stateful half of a dial's planning: the addresses not tried yet, in the order they will be
 * (the stateless half is {@link AddressOrder}), and what the order must remember of the attempts
 * already started: the family tried last, and how many of the lead family came first (RFC 8305
 * section 4's First Address Family Count). Addresses that come while attempts run are merged in
 * (section 3: "answers that arrive after the first attempts ... are added to the list"). Names
 * only: an IP literal's one address is the race's own field.
 */
final class AttemptPlan {
  private final DialSettings settings;
  private final boolean keepStarted;
  // Room for a name's first two (a larger plan is a new list); an IP literal makes no plan.
  private List<InetEndpoint> untried = new ArrayList<>(2);

  /** The started targets, in order: kept only for an observer's view of the whole plan. */
  private @Nullable List<InetEndpoint> started;

  private int taken;
  private int skipped;
  private @Nullable Family lastFamily;
  private @Nullable Family leadFamily;
  private int leadRun;

  /** Happy Eyeballs v3: the group each endpoint is tried in (lower first), or null for none. */
  private @Nullable ToIntFunction<InetEndpoint> rank;

  /** With a rank: every endpoint ever added, so an endpoint that comes twice is planned once. */
  private @Nullable Set<InetEndpoint> seen;

  /**
   * @param keepStarted whether to keep the started targets for {@link #whole()}
   */
  AttemptPlan(DialSettings settings, boolean keepStarted) {
    this.settings = settings;
    this.keepStarted = keepStarted;
  }

  /**
   * Merges {@code found} in. With a source for one family only, addresses of the other family are
   * skipped (counted in {@link #skipped()}): they could not be dialed from the source the caller
   * asked for (Go skips them the same way). Before any attempt the whole list is planned afresh;
   * while only the lead family has been tried, fewer than the First Address Family Count, the new
   * plan still owes it the rest of its run; after that the families alternate from the last one
   * tried.
   */
  void add(List<InetEndpoint> found) {
    found = usable(found);
    ToIntFunction<InetEndpoint> r = rank;
    Set<InetEndpoint> known = seen;
    if (r != null && known != null) {
      List<InetEndpoint> fresh = new ArrayList<>(found.size());
      for (InetEndpoint e : found) {
        if (known.add(e)) {
          fresh.add(e);
        }
      }
      List<InetEndpoint> all = new ArrayList<>(untried);
      all.addAll(fresh);
      // Re-planned even with nothing fresh: a rank may have changed (a binding that came later
      // covers a planned address).
      untried = grouped(all, r);
      return;
    }
    if (found.isEmpty()) {
      return;
    }
    if (untried.isEmpty() && found.size() == 1) {
      untried.add(found.getFirst()); // one address (an IP literal): nothing to order
      return;
    }
    List<InetEndpoint> all = new ArrayList<>(untried);
    all.addAll(found);
    untried = ordered(all);
  }

  /**
   * RFC 6724 and the families' interleaving over {@code all}, as the next addresses to try: before
   * any attempt the whole list afresh; while only the lead family has been tried, fewer than the
   * First Address Family Count, still owing it the rest of its run; after that alternating from the
   * last family tried.
   */
  private List<InetEndpoint> ordered(List<InetEndpoint> all) {
    if (taken == 0) {
      return AddressOrder.plan(all, settings.firstFamilyCount());
    } else if (leadRun == taken && leadRun < settings.firstFamilyCount() && leadFamily != null) {
      return AddressOrder.interleave(
          AddressOrder.sort(all), leadFamily, settings.firstFamilyCount() - leadRun);
    } else {
      return AddressOrder.replan(all, lastFamily);
    }
  }

  /**
   * Happy Eyeballs version 3: {@code all} in {@code rank}'s groups, lowest first, each group sorted
   * and interleaved on its own (draft-ietf-happy-happyeyeballs-v3: the bindings' groups first, RFC
   * 6724 and the families' interleaving within each): the first group goes on from the attempts
   * already started ({@link #ordered}), each later one is planned afresh, its preferred family
   * first.
   */
  private List<InetEndpoint> grouped(List<InetEndpoint> all, ToIntFunction<InetEndpoint> r) {
    TreeMap<Integer, List<InetEndpoint>> groups = new TreeMap<>();
    for (InetEndpoint e : all) {
      groups.computeIfAbsent(r.applyAsInt(e), k -> new ArrayList<>()).add(e);
    }
    List<InetEndpoint> out = new ArrayList<>(all.size());
    for (List<InetEndpoint> g : groups.values()) {
      out.addAll(out.isEmpty() ? ordered(g) : AddressOrder.plan(g, settings.firstFamilyCount()));
    }
    return out;
  }

  /**
   * Happy Eyeballs version 3: from now on the untried endpoints are kept in {@code rank}'s groups,
   * lowest first, each group sorted and interleaved on its own; an endpoint added twice is planned
   * once.
   */
  void rankBy(ToIntFunction<InetEndpoint> rank) {
    this.rank = rank;
    Set<InetEndpoint> s = new HashSet<>(untried);
    if (started != null) {
      s.addAll(started);
    }
    this.seen = s;
  }

  /** Drops the untried endpoints that {@code gone} says are no longer to be tried. */
  void removeUntried(Predicate<InetEndpoint> gone) {
    untried.removeIf(gone);
  }

  private List<InetEndpoint> usable(List<InetEndpoint> found) {
    if (settings.sourceV4() == null && settings.sourceV6() == null) {
      return found;
    }
    List<InetEndpoint> out = new ArrayList<>(found.size());
    for (InetEndpoint e : found) {
      if (settings.source(e.family()) != null) {
        out.add(e);
      } else {
        skipped++;
      }
    }
    return out;
  }

  boolean isEmpty() {
    return untried.isEmpty();
  }

  /** How many addresses are planned and not started. */
  int untried() {
    return untried.size();
  }

  /** Addresses skipped for want of a source of their family. */
  int skipped() {
    return skipped;
  }

  /** Takes the next address to try (the plan is not empty), and remembers it was started. */
  InetEndpoint next() {
    InetEndpoint target = untried.removeFirst();
    taken++;
    if (keepStarted) {
      if (started == null) {
        started = new ArrayList<>(4);
      }
      started.add(target);
    }
    if (leadFamily == null) {
      leadFamily = target.family();
    }
    if (leadRun == taken - 1 && target.family() == leadFamily) {
      leadRun++;
    }
    lastFamily = target.family();
    return target;
  }

  /** The whole plan: the started targets, then the rest (only with {@code keepStarted}). */
  List<InetEndpoint> whole() {
    List<InetEndpoint> plan = started == null ? new ArrayList<>() : new ArrayList<>(started);
    plan.addAll(untried);
    return plan;
  }
}
