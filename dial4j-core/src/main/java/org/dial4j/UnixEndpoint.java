package org.dial4j;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;

/**
 * A Unix-domain socket address: a file system path, a Linux abstract name, or the unnamed address
 * of a socket that was never bound. Immutable.
 *
 * <p>{@code sun_path} holds 108 bytes. A path takes at most 107 of them in UTF-8, leaving room for
 * the terminating NUL; an abstract name takes at most 107 after its leading NUL byte.
 *
 * <p>{@link #toString()} writes a path as it is and an abstract name as {@code @name}. {@link
 * Endpoint#parse(String)} tells a path by its {@code /}, so a path with no slash (write {@code
 * ./app.sock}) or one starting with {@code @} (write {@code ./@x}) reads back only through {@link
 * Endpoint#parse(Network, String)} with a Unix network.
 */
public final class UnixEndpoint implements Endpoint {
  /** The most bytes of {@code sun_path} a name may fill: 108, less the NUL. */
  static final int MAX_BYTES = 107;

  private static final UnixEndpoint UNNAMED = new UnixEndpoint(Kind.UNNAMED, "", new byte[0]);

  private enum Kind {
    PATH,
    ABSTRACT,
    UNNAMED
  }

  private final Kind kind;
  private final String name;
  private final byte[] utf8;

  private UnixEndpoint(Kind kind, String name, byte[] utf8) {
    this.kind = kind;
    this.name = name;
    this.utf8 = utf8;
  }

  /**
   * A file system path, absolute or relative.
   *
   * @param path not empty, no NUL character, at most 107 bytes in UTF-8
   * @throws InvalidArgumentException with EINVAL if the path breaks one of those rules
   */
  public static UnixEndpoint path(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidArgumentException(Errno.EINVAL, path, "empty Unix socket path");
    }
    if (path.indexOf('\0') >= 0) {
      // The kernel would stop reading the path at the NUL, silently naming another file.
      throw new InvalidArgumentException(
          Errno.EINVAL, path, "a Unix socket path cannot contain a NUL character");
    }
    return new UnixEndpoint(Kind.PATH, path, encode(path, path, "Unix socket path"));
  }

  /**
   * A Linux abstract socket name, which lives in the network namespace rather than the file system;
   * written {@code @name}.
   *
   * @param name the name without the {@code @}: at least one character, at most 107 bytes in UTF-8;
   *     NUL characters are allowed, as the kernel takes the name by length
   * @throws InvalidArgumentException with EINVAL if the name is empty or too long
   */
  public static UnixEndpoint abstractName(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException(
          Errno.EINVAL, name == null ? null : "@" + name, "empty abstract socket name");
    }
    String shown = "@" + name;
    return new UnixEndpoint(Kind.ABSTRACT, name, encode(name, shown, "abstract socket name"));
  }

  /** The address of an unbound (unnamed) Unix socket, as {@code getsockname} reports it. */
  public static UnixEndpoint unnamed() {
    return UNNAMED;
  }

  /** UTF-8 bytes of a name, refusing one that does not fit {@code sun_path} or is not Unicode. */
  private static byte[] encode(String s, String shown, String what) {
    ByteBuffer buf;
    try {
      // A strict encoder: a lone surrogate would otherwise become '?' and name another socket.
      buf = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
    } catch (CharacterCodingException e) {
      throw new InvalidArgumentException(
          Errno.EINVAL, shown, what + " is not valid Unicode (a lone surrogate)");
    }
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);
    if (bytes.length > MAX_BYTES) {
      throw new InvalidArgumentException(
          Errno.EINVAL,
          shown,
          what + " is " + bytes.length + " bytes in UTF-8, more than the limit of " + MAX_BYTES);
    }
    return bytes;
  }

  /** The path, or the abstract name without its {@code @}; empty for the unnamed address. */
  public String name() {
    return name;
  }

  /** Whether this is a Linux abstract name. */
  public boolean isAbstract() {
    return kind == Kind.ABSTRACT;
  }

  /** Whether this is the unnamed address. */
  public boolean isUnnamed() {
    return kind == Kind.UNNAMED;
  }

  /**
   * The bytes of {@code sun_path}, without a terminator (the socket layer adds the NUL after a
   * path): the UTF-8 path; a NUL byte then the UTF-8 abstract name; nothing for unnamed.
   */
  public byte[] sunPath() {
    if (kind != Kind.ABSTRACT) {
      return utf8.clone();
    }
    byte[] out = new byte[utf8.length + 1];
    System.arraycopy(utf8, 0, out, 1, utf8.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnixEndpoint u && u.kind == kind && u.name.equals(name);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + name.hashCode();
  }

  /** The path as it is, {@code @name} for an abstract name, {@code (unnamed)} for unnamed. */
  @Override
  public String toString() {
    return switch (kind) {
      case PATH -> name;
      case ABSTRACT -> "@" + name;
      case UNNAMED -> "(unnamed)";
    };
  }
}
