package org.dial4j.testing;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The {@code main} of a fuzzing JVM ({@link FuzzCampaign}): runs one fuzz test class through the
 * JUnit Platform in this JVM, where Jazzer, with {@code JAZZER_FUZZ} set, fuzzes its one
 * {@code @FuzzTest}; exits 0 if it passed, 1 if it failed (a finding) or ran nothing.
 */
public final class FuzzTargetMain {
  private FuzzTargetMain() {}

  /**
   * Runs the class.
   *
   * @param args the fuzz test class's name
   */
  public static void main(String[] args) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(args[0]))
            .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    summary.printTo(out);
    summary.printFailuresTo(out, 64);
    out.flush();
    boolean passed = summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0;
    System.exit(passed ? 0 : 1);
  }
}
