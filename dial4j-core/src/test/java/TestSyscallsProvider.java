import org.dial4j.testing.TestSyscalls;

/**
 * Registers {@link TestSyscalls} for every test through JUnit's extension auto-detection, so that
 * {@code -Ddial4j.test.syscalls=CLASS} runs the whole suite over that table (in the unnamed package
 * for the reason {@code FdLeakExtensionProvider} gives).
 */
@SuppressWarnings("DefaultPackage") // the unnamed package: see FdLeakExtensionProvider
public final class TestSyscallsProvider extends TestSyscalls {
  /** Creates the extension; the ServiceLoader does. */
  public TestSyscallsProvider() {}
}
