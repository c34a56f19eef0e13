import org.dial4j.testing.SuiteSyscalls;

/**
 * Registers {@link SuiteSyscalls} for every test through JUnit's extension auto-detection, so that
 * {@code -Ddial4j.test.syscalls=CLASS} runs the whole suite over that table (in the unnamed package
 * for the reason {@code FdLeakExtensionProvider} gives).
 */
@SuppressWarnings("DefaultPackage") // the unnamed package: see FdLeakExtensionProvider
public final class SuiteSyscallsProvider extends SuiteSyscalls {
  /** Creates the extension; the ServiceLoader does. */
  public SuiteSyscallsProvider() {}
}
