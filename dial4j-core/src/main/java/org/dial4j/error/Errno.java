package org.dial4j.error;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The errno vocabulary of dial4j: every Linux error number, with its symbolic name, the C library's
 * message and the disposition a dialer gives it.
 *
 * <p>The table covers every number Linux defines (1 to 133), so no error the kernel reports is ever
 * lost or renamed; it includes every name on the five seed pages (libut, Solaris, Linux, libdill
 * and TargetTCP {@code connect}). Numbers and messages are Linux's (x86_64, glibc); the table was
 * generated once from the system's own {@code errno.h} and {@code strerror} and is kept as plain
 * source.
 *
 * <p>Aliases resolve to one constant: {@code EWOULDBLOCK} is {@link #EAGAIN}, {@code ENOTSUP} is
 * {@link #EOPNOTSUPP} and {@code EDEADLOCK} is {@link #EDEADLK}, as they share a number on Linux.
 */
public enum Errno {
  /** Operation not permitted. */
  EPERM(1, "Operation not permitted", Disposition.TRY_NEXT),
  /** No such file or directory. */
  ENOENT(2, "No such file or directory", Disposition.GIVE_UP),
  /** No such process. */
  ESRCH(3, "No such process", Disposition.GIVE_UP),
  /** Interrupted system call. */
  EINTR(4, "Interrupted system call", Disposition.GIVE_UP),
  /** Input/output error. */
  EIO(5, "Input/output error", Disposition.GIVE_UP),
  /** No such device or address. */
  ENXIO(6, "No such device or address", Disposition.GIVE_UP),
  /** Argument list too long. */
  E2BIG(7, "Argument list too long", Disposition.GIVE_UP),
  /** Exec format error. */
  ENOEXEC(8, "Exec format error", Disposition.GIVE_UP),
  /** Bad file descriptor. */
  EBADF(9, "Bad file descriptor", Disposition.GIVE_UP),
  /** No child processes. */
  ECHILD(10, "No child processes", Disposition.GIVE_UP),
  /** Resource temporarily unavailable. */
  EAGAIN(11, "Resource temporarily unavailable", Disposition.GIVE_UP),
  /** Cannot allocate memory. */
  ENOMEM(12, "Cannot allocate memory", Disposition.GIVE_UP),
  /** Permission denied. */
  EACCES(13, "Permission denied", Disposition.TRY_NEXT),
  /** Bad address. */
  EFAULT(14, "Bad address", Disposition.GIVE_UP),
  /** Block device required. */
  ENOTBLK(15, "Block device required", Disposition.GIVE_UP),
  /** Device or resource busy. */
  EBUSY(16, "Device or resource busy", Disposition.GIVE_UP),
  /** File exists. */
  EEXIST(17, "File exists", Disposition.GIVE_UP),
  /** Invalid cross-device link. */
  EXDEV(18, "Invalid cross-device link", Disposition.GIVE_UP),
  /** No such device. */
  ENODEV(19, "No such device", Disposition.GIVE_UP),
  /** Not a directory. */
  ENOTDIR(20, "Not a directory", Disposition.GIVE_UP),
  /** Is a directory. */
  EISDIR(21, "Is a directory", Disposition.GIVE_UP),
  /** Invalid argument. */
  EINVAL(22, "Invalid argument", Disposition.GIVE_UP),
  /** Too many open files in system. */
  ENFILE(23, "Too many open files in system", Disposition.GIVE_UP),
  /** Too many open files. */
  EMFILE(24, "Too many open files", Disposition.GIVE_UP),
  /** Inappropriate ioctl for device. */
  ENOTTY(25, "Inappropriate ioctl for device", Disposition.GIVE_UP),
  /** Text file busy. */
  ETXTBSY(26, "Text file busy", Disposition.GIVE_UP),
  /** File too large. */
  EFBIG(27, "File too large", Disposition.GIVE_UP),
  /** No space left on device. */
  ENOSPC(28, "No space left on device", Disposition.GIVE_UP),
  /** Illegal seek. */
  ESPIPE(29, "Illegal seek", Disposition.GIVE_UP),
  /** Read-only file system. */
  EROFS(30, "Read-only file system", Disposition.GIVE_UP),
  /** Too many links. */
  EMLINK(31, "Too many links", Disposition.GIVE_UP),
  /** Broken pipe. */
  EPIPE(32, "Broken pipe", Disposition.TRY_NEXT),
  /** Numerical argument out of domain. */
  EDOM(33, "Numerical argument out of domain", Disposition.GIVE_UP),
  /** Numerical result out of range. */
  ERANGE(34, "Numerical result out of range", Disposition.GIVE_UP),
  /** Resource deadlock avoided. */
  EDEADLK(35, "Resource deadlock avoided", Disposition.GIVE_UP),
  /** File name too long. */
  ENAMETOOLONG(36, "File name too long", Disposition.GIVE_UP),
  /** No locks available. */
  ENOLCK(37, "No locks available", Disposition.GIVE_UP),
  /** Function not implemented. */
  ENOSYS(38, "Function not implemented", Disposition.GIVE_UP),
  /** Directory not empty. */
  ENOTEMPTY(39, "Directory not empty", Disposition.GIVE_UP),
  /** Too many levels of symbolic links. */
  ELOOP(40, "Too many levels of symbolic links", Disposition.GIVE_UP),
  /** No message of desired type. */
  ENOMSG(42, "No message of desired type", Disposition.GIVE_UP),
  /** Identifier removed. */
  EIDRM(43, "Identifier removed", Disposition.GIVE_UP),
  /** Channel number out of range. */
  ECHRNG(44, "Channel number out of range", Disposition.GIVE_UP),
  /** Level 2 not synchronized. */
  EL2NSYNC(45, "Level 2 not synchronized", Disposition.GIVE_UP),
  /** Level 3 halted. */
  EL3HLT(46, "Level 3 halted", Disposition.GIVE_UP),
  /** Level 3 reset. */
  EL3RST(47, "Level 3 reset", Disposition.GIVE_UP),
  /** Link number out of range. */
  ELNRNG(48, "Link number out of range", Disposition.GIVE_UP),
  /** Protocol driver not attached. */
  EUNATCH(49, "Protocol driver not attached", Disposition.GIVE_UP),
  /** No CSI structure available. */
  ENOCSI(50, "No CSI structure available", Disposition.GIVE_UP),
  /** Level 2 halted. */
  EL2HLT(51, "Level 2 halted", Disposition.GIVE_UP),
  /** Invalid exchange. */
  EBADE(52, "Invalid exchange", Disposition.GIVE_UP),
  /** Invalid request descriptor. */
  EBADR(53, "Invalid request descriptor", Disposition.GIVE_UP),
  /** Exchange full. */
  EXFULL(54, "Exchange full", Disposition.GIVE_UP),
  /** No anode. */
  ENOANO(55, "No anode", Disposition.GIVE_UP),
  /** Invalid request code. */
  EBADRQC(56, "Invalid request code", Disposition.GIVE_UP),
  /** Invalid slot. */
  EBADSLT(57, "Invalid slot", Disposition.GIVE_UP),
  /** Bad font file format. */
  EBFONT(59, "Bad font file format", Disposition.GIVE_UP),
  /** Device not a stream. */
  ENOSTR(60, "Device not a stream", Disposition.GIVE_UP),
  /** No data available. */
  ENODATA(61, "No data available", Disposition.GIVE_UP),
  /** Timer expired. */
  ETIME(62, "Timer expired", Disposition.GIVE_UP),
  /** Out of streams resources. */
  ENOSR(63, "Out of streams resources", Disposition.GIVE_UP),
  /** Machine is not on the network. */
  ENONET(64, "Machine is not on the network", Disposition.TRY_NEXT),
  /** Package not installed. */
  ENOPKG(65, "Package not installed", Disposition.GIVE_UP),
  /** Object is remote. */
  EREMOTE(66, "Object is remote", Disposition.GIVE_UP),
  /** Link has been severed. */
  ENOLINK(67, "Link has been severed", Disposition.GIVE_UP),
  /** Advertise error. */
  EADV(68, "Advertise error", Disposition.GIVE_UP),
  /** Srmount error. */
  ESRMNT(69, "Srmount error", Disposition.GIVE_UP),
  /** Communication error on send. */
  ECOMM(70, "Communication error on send", Disposition.GIVE_UP),
  /** Protocol error. */
  EPROTO(71, "Protocol error", Disposition.TRY_NEXT),
  /** Multihop attempted. */
  EMULTIHOP(72, "Multihop attempted", Disposition.GIVE_UP),
  /** RFS specific error. */
  EDOTDOT(73, "RFS specific error", Disposition.GIVE_UP),
  /** Bad message. */
  EBADMSG(74, "Bad message", Disposition.GIVE_UP),
  /** Value too large for defined data type. */
  EOVERFLOW(75, "Value too large for defined data type", Disposition.GIVE_UP),
  /** Name not unique on network. */
  ENOTUNIQ(76, "Name not unique on network", Disposition.GIVE_UP),
  /** File descriptor in bad state. */
  EBADFD(77, "File descriptor in bad state", Disposition.GIVE_UP),
  /** Remote address changed. */
  EREMCHG(78, "Remote address changed", Disposition.GIVE_UP),
  /** Can not access a needed shared library. */
  ELIBACC(79, "Can not access a needed shared library", Disposition.GIVE_UP),
  /** Accessing a corrupted shared library. */
  ELIBBAD(80, "Accessing a corrupted shared library", Disposition.GIVE_UP),
  /** .lib section in a.out corrupted. */
  ELIBSCN(81, ".lib section in a.out corrupted", Disposition.GIVE_UP),
  /** Attempting to link in too many shared libraries. */
  ELIBMAX(82, "Attempting to link in too many shared libraries", Disposition.GIVE_UP),
  /** Cannot exec a shared library directly. */
  ELIBEXEC(83, "Cannot exec a shared library directly", Disposition.GIVE_UP),
  /** Invalid or incomplete multibyte or wide character. */
  EILSEQ(84, "Invalid or incomplete multibyte or wide character", Disposition.GIVE_UP),
  /** Interrupted system call should be restarted. */
  ERESTART(85, "Interrupted system call should be restarted", Disposition.GIVE_UP),
  /** Streams pipe error. */
  ESTRPIPE(86, "Streams pipe error", Disposition.GIVE_UP),
  /** Too many users. */
  EUSERS(87, "Too many users", Disposition.GIVE_UP),
  /** Socket operation on non-socket. */
  ENOTSOCK(88, "Socket operation on non-socket", Disposition.GIVE_UP),
  /** Destination address required. */
  EDESTADDRREQ(89, "Destination address required", Disposition.GIVE_UP),
  /** Message too long. */
  EMSGSIZE(90, "Message too long", Disposition.GIVE_UP),
  /** Protocol wrong type for socket. */
  EPROTOTYPE(91, "Protocol wrong type for socket", Disposition.GIVE_UP),
  /** Protocol not available. */
  ENOPROTOOPT(92, "Protocol not available", Disposition.TRY_NEXT),
  /** Protocol not supported. */
  EPROTONOSUPPORT(93, "Protocol not supported", Disposition.GIVE_UP),
  /** Socket type not supported. */
  ESOCKTNOSUPPORT(94, "Socket type not supported", Disposition.GIVE_UP),
  /** Operation not supported. */
  EOPNOTSUPP(95, "Operation not supported", Disposition.GIVE_UP),
  /** Protocol family not supported. */
  EPFNOSUPPORT(96, "Protocol family not supported", Disposition.GIVE_UP),
  /** Address family not supported by protocol. */
  EAFNOSUPPORT(97, "Address family not supported by protocol", Disposition.TRY_NEXT),
  /** Address already in use. */
  EADDRINUSE(98, "Address already in use", Disposition.GIVE_UP),
  /** Cannot assign requested address. */
  EADDRNOTAVAIL(99, "Cannot assign requested address", Disposition.TRY_NEXT),
  /** Network is down. */
  ENETDOWN(100, "Network is down", Disposition.TRY_NEXT),
  /** Network is unreachable. */
  ENETUNREACH(101, "Network is unreachable", Disposition.TRY_NEXT),
  /** Network dropped connection on reset. */
  ENETRESET(102, "Network dropped connection on reset", Disposition.GIVE_UP),
  /** Software caused connection abort. */
  ECONNABORTED(103, "Software caused connection abort", Disposition.TRY_NEXT),
  /** Connection reset by peer. */
  ECONNRESET(104, "Connection reset by peer", Disposition.TRY_NEXT),
  /** No buffer space available. */
  ENOBUFS(105, "No buffer space available", Disposition.GIVE_UP),
  /** Transport endpoint is already connected. */
  EISCONN(106, "Transport endpoint is already connected", Disposition.GIVE_UP),
  /** Transport endpoint is not connected. */
  ENOTCONN(107, "Transport endpoint is not connected", Disposition.TRY_NEXT),
  /** Cannot send after transport endpoint shutdown. */
  ESHUTDOWN(108, "Cannot send after transport endpoint shutdown", Disposition.GIVE_UP),
  /** Too many references: cannot splice. */
  ETOOMANYREFS(109, "Too many references: cannot splice", Disposition.GIVE_UP),
  /** Connection timed out. */
  ETIMEDOUT(110, "Connection timed out", Disposition.TIMED_OUT),
  /** Connection refused. */
  ECONNREFUSED(111, "Connection refused", Disposition.TRY_NEXT),
  /** Host is down. */
  EHOSTDOWN(112, "Host is down", Disposition.TRY_NEXT),
  /** No route to host. */
  EHOSTUNREACH(113, "No route to host", Disposition.TRY_NEXT),
  /** Operation already in progress. */
  EALREADY(114, "Operation already in progress", Disposition.GIVE_UP),
  /** Operation now in progress. */
  EINPROGRESS(115, "Operation now in progress", Disposition.GIVE_UP),
  /** Stale file handle. */
  ESTALE(116, "Stale file handle", Disposition.GIVE_UP),
  /** Structure needs cleaning. */
  EUCLEAN(117, "Structure needs cleaning", Disposition.GIVE_UP),
  /** Not a XENIX named type file. */
  ENOTNAM(118, "Not a XENIX named type file", Disposition.GIVE_UP),
  /** No XENIX semaphores available. */
  ENAVAIL(119, "No XENIX semaphores available", Disposition.GIVE_UP),
  /** Is a named type file. */
  EISNAM(120, "Is a named type file", Disposition.GIVE_UP),
  /** Remote I/O error. */
  EREMOTEIO(121, "Remote I/O error", Disposition.GIVE_UP),
  /** Disk quota exceeded. */
  EDQUOT(122, "Disk quota exceeded", Disposition.GIVE_UP),
  /** No medium found. */
  ENOMEDIUM(123, "No medium found", Disposition.GIVE_UP),
  /** Wrong medium type. */
  EMEDIUMTYPE(124, "Wrong medium type", Disposition.GIVE_UP),
  /** Operation canceled. */
  ECANCELED(125, "Operation canceled", Disposition.CANCELLED),
  /** Required key not available. */
  ENOKEY(126, "Required key not available", Disposition.GIVE_UP),
  /** Key has expired. */
  EKEYEXPIRED(127, "Key has expired", Disposition.GIVE_UP),
  /** Key has been revoked. */
  EKEYREVOKED(128, "Key has been revoked", Disposition.GIVE_UP),
  /** Key was rejected by service. */
  EKEYREJECTED(129, "Key was rejected by service", Disposition.GIVE_UP),
  /** Owner died. */
  EOWNERDEAD(130, "Owner died", Disposition.GIVE_UP),
  /** State not recoverable. */
  ENOTRECOVERABLE(131, "State not recoverable", Disposition.GIVE_UP),
  /** Operation not possible due to RF-kill. */
  ERFKILL(132, "Operation not possible due to RF-kill", Disposition.GIVE_UP),
  /** Memory page has hardware error. */
  EHWPOISON(133, "Memory page has hardware error", Disposition.GIVE_UP);

  /**
   * What a dialer does after an attempt failed with this error.
   *
   * <p>Go's dialer tries the next address on any error; curl and okhttp do the same for
   * connect-level failures. dial4j keeps going for errors that belong to one address or route
   * (refused, unreachable, reset, no address of that family, a firewall rule) and stops for errors
   * that any other address would meet as well (out of descriptors or memory, bad arguments).
   */
  public enum Disposition {
    /** This address failed; another address may work. */
    TRY_NEXT,
    /** Every address would fail the same way; stop dialing. */
    GIVE_UP,
    /** The deadline passed. */
    TIMED_OUT,
    /** The caller cancelled. */
    CANCELLED
  }

  /** {@code EWOULDBLOCK}: the same number as {@link #EAGAIN} on Linux. */
  public static final Errno EWOULDBLOCK = EAGAIN;

  /** {@code ENOTSUP}: the same number as {@link #EOPNOTSUPP} on Linux. */
  public static final Errno ENOTSUP = EOPNOTSUPP;

  private static final @Nullable Errno[] BY_NUMBER = new Errno[134];

  static {
    for (Errno e : values()) {
      BY_NUMBER[e.number] = e;
    }
  }

  private final int number;
  private final String message;
  private final Disposition disposition;

  Errno(int number, String message, Disposition disposition) {
    this.number = number;
    this.message = message;
    this.disposition = disposition;
  }

  /** The Linux error number, as in {@code errno}. */
  public int number() {
    return number;
  }

  /** The C library's message for this error ({@code strerror}), e.g. "Connection refused". */
  public String message() {
    return message;
  }

  /** What a dialer does after an attempt failed with this error. */
  public Disposition disposition() {
    return disposition;
  }

  /** The name and the message, e.g. {@code ECONNREFUSED (Connection refused)}. */
  public String describe() {
    return name() + " (" + message + ")";
  }

  /**
   * The constant for a Linux error number.
   *
   * @throws IllegalArgumentException if Linux defines no error with that number
   */
  public static Errno of(int number) {
    Errno e = number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    if (e == null) {
      throw new IllegalArgumentException("no Linux errno has the number " + number);
    }
    return e;
  }

  /** The constant for a Linux error number, or empty if Linux defines none with it. */
  public static Optional<Errno> lookup(int number) {
    return number > 0 && number < BY_NUMBER.length
        ? Optional.ofNullable(BY_NUMBER[number])
        : Optional.empty();
  }

  /**
   * The constant for a symbolic name, case-insensitive, aliases included ({@code "EWOULDBLOCK"}
   * gives {@link #EAGAIN}).
   */
  public static Optional<Errno> lookup(@Nullable String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toUpperCase(Locale.ROOT);
    return switch (n) {
      case "EWOULDBLOCK" -> Optional.of(EAGAIN);
      case "ENOTSUP" -> Optional.of(EOPNOTSUPP);
      case "EDEADLOCK" -> Optional.of(EDEADLK);
      default -> {
        try {
          yield Optional.of(valueOf(n));
        } catch (IllegalArgumentException notAnErrno) {
          yield Optional.empty();
        }
      }
    };
  }
}
