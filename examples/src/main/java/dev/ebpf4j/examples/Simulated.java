package dev.ebpf4j.examples;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;

/** What ebpf4j's offline simulator of the Linux 6.18 verifier says about an example, before any load. */
public final class Simulated {
    private Simulated() {}

    /** The simulator's answer for a unit of this type (and expected attach type, or null). */
    public static Result verify(ProgramUnit unit, ProgType type, AttachType attach) {
        Options o = Options.of(type);
        if (attach != null) o = o.withAttachType(attach);
        return Verifier.verify(unit, o);
    }

    /** One line: "accept: processed 13 insns ..." or "reject at insn 27: message (EACCES)". */
    public static String verdict(ProgramUnit unit, ProgType type, AttachType attach) {
        Result r = verify(unit, type, attach);
        if (r.accepted()) return "accept: " + r.statsLine();
        return "reject" + (r.insn() >= 0 ? " at insn " + r.insn() : "") + ": " + String.join(" / ", r.errorLines())
                + (r.errno() == null ? "" : " (" + r.errno() + ")");
    }
}
