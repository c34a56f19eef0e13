package org.dial4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A loop's own close hooks, linked through themselves. */
class LoopHooksTest {
  private final List<String> ran = new ArrayList<>();

  private final class Named extends LoopHooks.Hook {
    final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public void run() {
      ran.add(name);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  @DisplayName("Added, removed from the middle, the ends and twice: the rest close in added order")
  void addRemoveClose() {
    LoopHooks hooks = new LoopHooks();
    Named a = new Named("a");
    Named b = new Named("b");
    Named c = new Named("c");
    Named d = new Named("d");
    for (Named h : List.of(a, b, c, d)) {
      assertThat(hooks.add(h)).isTrue();
    }
    assertThat(hooks.size()).isEqualTo(4);
    assertThat(hooks.remove(b)).isTrue();
    assertThat(hooks.remove(b)).as("a second remove").isFalse();
    assertThat(hooks.remove(d)).as("the newest").isTrue();
    assertThat(hooks.add(d)).as("added again").isTrue();
    assertThat(hooks.remove(a)).as("the oldest").isTrue();
    assertThat(hooks.size()).isEqualTo(2);
    assertThat(hooks.select(h -> true)).containsExactly(d, c);
    assertThat(hooks.close()).containsExactly(c, d);
    assertThat(hooks.size()).isZero();
    assertThat(hooks.remove(c)).as("taken by the close").isFalse();
  }

  @Test
  @DisplayName("After the loop's end took them, add refuses (the caller ends its work itself)")
  void refusedAfterClose() {
    LoopHooks hooks = new LoopHooks();
    Named a = new Named("a");
    hooks.add(a);
    assertThat(hooks.close()).containsExactly(a);
    assertThat(hooks.add(new Named("late"))).isFalse();
    assertThat(hooks.close()).isEmpty();
  }

  @Test
  @DisplayName("A hook listed twice is a bug, refused")
  void listedTwice() {
    LoopHooks hooks = new LoopHooks();
    Named a = new Named("a");
    hooks.add(a);
    assertThatThrownBy(() -> hooks.add(a)).isInstanceOf(IllegalStateException.class);
    assertThat(hooks.size()).isOne();
  }

  @Test
  @DisplayName("select copies: removing hooks while going through the copy is safe")
  void selectIsACopy() {
    LoopHooks hooks = new LoopHooks();
    List<Named> all = List.of(new Named("a"), new Named("b"), new Named("c"));
    all.forEach(hooks::add);
    for (LoopHooks.Hook h : hooks.select(h -> !h.toString().equals("b"))) {
      hooks.remove(h);
      h.run();
    }
    assertThat(ran).containsExactly("c", "a");
    assertThat(hooks.size()).isOne();
  }
}
