package dev.ebpf4j.loader;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.Map;
import java.util.TreeMap;

/**
 * Prints one line when the test run ends: how many tests tagged {@code kernel} ran against the live kernel,
 * and how many were skipped and why ({@code kernel tests: 41 ran, 0 skipped}).
 */
public final class KernelTestSummary implements TestExecutionListener {
    private static final TestTag KERNEL = TestTag.create("kernel");
    private int ran;
    private final Map<String, Integer> skipped = new TreeMap<>();

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (isKernelTest(id)) skipped.merge(reason, 1, Integer::sum);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!isKernelTest(id)) return;
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            skipped.merge(result.getThrowable().map(Throwable::getMessage).orElse("aborted"), 1, Integer::sum);
        } else {
            ran++;
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (ran == 0 && skipped.isEmpty()) return;
        int n = skipped.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder sb = new StringBuilder("kernel tests: " + ran + " ran, " + n + " skipped");
        if (n > 0) {
            sb.append(" (");
            skipped.forEach((why, count) -> sb.append(count).append(": ").append(why).append("; "));
            sb.setLength(sb.length() - 2);
            sb.append(')');
        }
        System.out.println(sb);
    }

    private static boolean isKernelTest(TestIdentifier id) {
        return id.isTest() && id.getTags().contains(KERNEL);
    }
}
