package org.dial4j.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.dial4j.error.Errno;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The C structs: sizes for this ABI, and SockAddr written then read back as the kernel would. */
class LayoutsTest {
  private final MemorySegment buf = Arena.ofAuto().allocate(Layouts.SOCKADDR_STORAGE, 8);

  @Test
  @DisplayName("struct sizes match the Linux ABI (checked again at start-up)")
  void sizes() {
    Layouts.checkPlatform();
    assertThat(Layouts.SOCKADDR_IN.byteSize()).isEqualTo(16);
    assertThat(Layouts.SOCKADDR_IN6.byteSize()).isEqualTo(28);
    assertThat(Layouts.SOCKADDR_UN.byteSize()).isEqualTo(110);
    assertThat(Layouts.POLLFD.byteSize()).isEqualTo(8);
  }

  @Test
  @DisplayName("sockaddr_in: family in host order, port in network order")
  void in4() {
    int len = Layouts.encode(new SockAddr.In4(new byte[] {127, 0, 0, 1}, 0x1f90), buf);
    assertThat(len).isEqualTo(16);
    assertThat(buf.asSlice(0, 8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
        .containsExactly(2, 0, 0x1f, (byte) 0x90, 127, 0, 0, 1);
    SockAddr.In4 back = (SockAddr.In4) Layouts.decode(buf, len);
    assertThat(back.port()).isEqualTo(0x1f90);
    assertThat(back.addr()).containsExactly(127, 0, 0, 1);
  }

  @Test
  @DisplayName("sockaddr_in6: address, port, flow label and scope id round-trip")
  void in6() {
    byte[] a = new byte[16];
    a[15] = 1;
    int len = Layouts.encode(new SockAddr.In6(a, 443, 7, 3), buf);
    assertThat(len).isEqualTo(28);
    SockAddr.In6 back = (SockAddr.In6) Layouts.decode(buf, len);
    assertThat(back.addr()).isEqualTo(a);
    assertThat(back.port()).isEqualTo(443);
    assertThat(back.flowinfo()).isEqualTo(7);
    assertThat(back.scopeId()).isEqualTo(3);
  }

  @Test
  @DisplayName("sockaddr_un: a path is NUL-terminated, an abstract name is not, unnamed is 2 bytes")
  void un() {
    byte[] path = "/tmp/a.sock".getBytes(StandardCharsets.UTF_8);
    assertThat(Layouts.encode(new SockAddr.Un(path), buf)).isEqualTo(2 + path.length + 1);
    assertThat(((SockAddr.Un) Layouts.decode(buf, 2 + path.length + 1)).sunPath()).isEqualTo(path);
    byte[] abs = {0, 'x', 'y'};
    assertThat(Layouts.encode(new SockAddr.Un(abs), buf)).isEqualTo(5);
    assertThat(((SockAddr.Un) Layouts.decode(buf, 5)).sunPath()).isEqualTo(abs);
    assertThat(Layouts.encode(new SockAddr.Un(new byte[0]), buf)).isEqualTo(2);
    assertThat(((SockAddr.Un) Layouts.decode(buf, 2)).sunPath()).isEmpty();
    byte[] longPath = new byte[108];
    java.util.Arrays.fill(longPath, (byte) 'p');
    assertThat(Layouts.encode(new SockAddr.Un(longPath), buf))
        .as("108 path bytes need 109 with the NUL")
        .isEqualTo(-Errno.EINVAL.number());
    assertThat(Layouts.encode(new SockAddr.Un(new byte[108]), buf))
        .as("a NUL and 107 bytes: the longest abstract name")
        .isEqualTo(110);
  }

  @Test
  @DisplayName("AF_UNSPEC, raw bytes and a null address")
  void unspecRawNull() {
    assertThat(Layouts.encode(SockAddr.UNSPEC, buf)).isEqualTo(16);
    assertThat(buf.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 0)).isEqualTo((short) 0);
    assertThat(Layouts.encode(new SockAddr.Raw(new byte[] {2, 0, 0}), buf)).isEqualTo(3);
    assertThat(Layouts.encode(new SockAddr.Raw(new byte[129]), buf))
        .isEqualTo(-Errno.EINVAL.number());
    assertThat(Layouts.encode(null, buf)).isEqualTo(16);
    assertThat(Layouts.pointer(null, buf)).isEqualTo(MemorySegment.NULL);
    assertThat(Layouts.decode(buf, 0)).isInstanceOf(SockAddr.Raw.class);
  }
}
