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
    List<DynamicTest> eachLessonAgreesWithJava() {
        return Lesson.all().stream().map(l -> DynamicTest.dynamicTest(l.topic(), () -> {
            Live.assumeBpf();
            Live.Capture c = new Live.Capture();
            Lesson.Outcome o = l.run(c.out);
            String text = c.text();
            assertEquals(l.expected(), o.computed(), l.topic());
            assertTrue(o.agrees());
            assertTrue(text.contains("(they agree)"), text);
            assertTrue(o.kernelLog().startsWith("processed "), o.kernelLog());
        })).collect(Collectors.toList());
    }
}
