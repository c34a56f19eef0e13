package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TimerHeap} as a plain data structure: random adds, removes and polls checked step by step
 * against a reference model (a list scanned in full), with a fixed seed so a failure replays. The
 * bases put deadlines on both sides of a {@code nanoTime} wrap (okio's Timeout: compare by
 * subtraction, never with {@code <}).
 */
class TimerHeapTest {
  /** Deadlines are spread over this many nanoseconds from the base. */
  private static final long SPREAD = 10_000;

  private static final class Node extends TimerNode {
    final int id;

    Node(int id) {
      this.id = id;
    }

    @Override
    void expire() {}

    @Override
    public String toString() {
      return "#" + id + "@" + deadlineNanos;
    }
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(longs = {0L, -SPREAD / 2, Long.MAX_VALUE - SPREAD / 2, Long.MIN_VALUE, 123_456_789L})
  @DisplayName(
      "event loop timer heap: random add/remove/poll agree with a reference model, across a"
          + " nanoTime wrap")
  void agreesWithAReferenceModel(long base) {
    Random random = new Random(0x5eed_1234L ^ base);
    TimerHeap heap = new TimerHeap();
    List<Node> model = new ArrayList<>();
    List<Node> removed = new ArrayList<>();
    // Relative order from the base: what the deadlines mean, whatever the wrap does to them.
    Comparator<Node> byDeadline = Comparator.comparingLong(n -> n.deadlineNanos - base);
    int ids = 0;

    for (int step = 0; step < 20_000; step++) {
      int op = random.nextInt(10);
      if (op < 4 || model.isEmpty()) {
        Node n = new Node(ids++);
        heap.add(n, base + random.nextLong(SPREAD));
        model.add(n);
      } else if (op < 6) {
        Node n = model.remove(random.nextInt(model.size()));
        assertThat(heap.remove(n)).as("remove of a scheduled node, step %d", step).isTrue();
        removed.add(n);
      } else if (op < 7 && !removed.isEmpty()) {
        Node gone = removed.get(random.nextInt(removed.size()));
        assertThat(heap.remove(gone)).as("remove of a node not scheduled").isFalse();
      } else {
        long now = base + random.nextLong(SPREAD);
        Node earliest = model.stream().min(byDeadline).orElseThrow();
        TimerNode polled = heap.pollExpired(now);
        if (earliest.deadlineNanos - now > 0) {
          assertThat(polled).as("nothing due at %d, step %d", now, step).isNull();
        } else {
          assertThat(polled).as("poll at %d, step %d", now, step).isNotNull();
          // Of equal deadlines any may come first; the deadline itself must be the earliest.
          assertThat(polled.deadlineNanos).isEqualTo(earliest.deadlineNanos);
          assertThat(model.remove((Node) polled)).isTrue();
          removed.add((Node) polled);
        }
      }
      assertThat(heap.size()).isEqualTo(model.size());
      if (!model.isEmpty()) {
        assertThat(heap.peek().deadlineNanos)
            .isEqualTo(model.stream().min(byDeadline).orElseThrow().deadlineNanos);
      }
    }
    assertThat(model).allMatch(TimerNode::scheduled);
    assertThat(removed).noneMatch(TimerNode::scheduled);

    // Everything due far in the future comes out in deadline order, then the heap is empty.
    List<Node> expected = new ArrayList<>(model);
    expected.sort(byDeadline);
    List<Long> polledDeadlines = new ArrayList<>();
    TimerNode n;
    while ((n = heap.pollExpired(base + SPREAD)) != null) {
      polledDeadlines.add(n.deadlineNanos);
    }
    assertThat(polledDeadlines)
        .containsExactlyElementsOf(expected.stream().map(x -> x.deadlineNanos).toList());
    assertThat(heap.size()).isZero();
    assertThat(heap.peek()).isNull();
  }

  @Test
  @DisplayName(
      "event loop timer heap: a deadline just past Long.MAX_VALUE comes after one just before it")
  void wrapAroundOrder() {
    TimerHeap heap = new TimerHeap();
    Node late = new Node(1);
    Node early = new Node(2);
    heap.add(late, Long.MIN_VALUE + 5); // MAX_VALUE + 6, wrapped
    heap.add(early, Long.MAX_VALUE - 5);

    assertThat(heap.peek()).isSameAs(early);
    assertThat(heap.pollExpired(Long.MAX_VALUE - 6)).as("not due yet").isNull();
    assertThat(heap.pollExpired(Long.MAX_VALUE)).isSameAs(early);
    assertThat(heap.pollExpired(Long.MAX_VALUE)).as("due only after the wrap").isNull();
    assertThat(heap.pollExpired(Long.MIN_VALUE + 5)).isSameAs(late);
  }

  @Test
  @DisplayName(
      "event loop timer heap: drain empties it and unschedules every node; a node is added once")
  void drainAndDoubleAdd() {
    TimerHeap heap = new TimerHeap();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Node n = new Node(i);
      heap.add(n, 100 - i);
      nodes.add(n);
    }
    assertThatThrownBy(() -> heap.add(nodes.getFirst(), 5))
        .isInstanceOf(IllegalStateException.class);

    assertThat(heap.drain()).containsExactlyInAnyOrderElementsOf(nodes);
    assertThat(heap.size()).isZero();
    assertThat(nodes).noneMatch(TimerNode::scheduled);
    assertThat(heap.remove(nodes.getFirst())).isFalse();
    heap.add(nodes.getFirst(), 1);
    assertThat(heap.peek()).isSameAs(nodes.getFirst());
  }
}
