package dev.ebpf4j.examples;

import dev.ebpf4j.examples.topics.Lesson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** Each teaching example, run in the kernel, computes what Java computes from the same inputs. */
class LessonTest {
    @Test
    void oneLessonPerTopic() {
        Set<String> topics = Lesson.all().stream().map(Lesson::topic).collect(Collectors.toSet());
        assertEquals(Set.of("ALU", "jumps", "memory", "maps", "atomics", "calls"), topics);
    }

    @TestFactory
    List<DynamicTest> theInterpreterAgreesWithJavaOffline() {
        return Lesson.all().stream().map(l -> DynamicTest.dynamicTest(l.topic(), () -> {
            assertEquals(l.expected(), l.interpret(), l.topic());
            Live.Capture c = new Live.Capture();
            assertTrue(l.offline(c.out));
            String text = c.text();
            assertTrue(text.startsWith("-- " + l.topic() + ": "), text);
            assertTrue(text.contains("(they agree)"), text);
        })).collect(Collectors.toList());
    }

    @TestFactory
    List<DynamicTest> eachLessonAgreesWithJavaInTheKernel() {
        return Lesson.all().stream().map(l -> DynamicTest.dynamicTest(l.topic(), () -> {
            Live.assumeBpf();
            Live.Capture c = new Live.Capture();
            Lesson.Outcome o = l.run(c.out);
            String text = c.text();
            assertEquals(l.expected(), o.computed(), l.topic() + ": the kernel");
            assertEquals(l.expected(), o.interpreted(), l.topic() + ": the interpreter");
            assertTrue(o.agrees());
            assertTrue(text.contains("(they agree)"), text);
            assertTrue(o.kernelLog().startsWith("processed "), o.kernelLog());
        })).collect(Collectors.toList());
    }
}
