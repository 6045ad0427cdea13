package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;

/**
 * What bpf(BPF_PROG_LOAD) refuses before the verifier runs (EINVAL, empty log), for the program types whose
 * load-time rules the simulator knows. Only netfilter is checked so far: its expected attach type must be
 * BPF_NETFILTER (live 6.18: none or any other is EINVAL with an empty log).
 */
final class LoadChecks {
    private LoadChecks() {}

    /** The simulator's explanation of a load the kernel refuses before verifying, or null. */
    static String attachTypeProblem(Options opts) {
        if (opts.progType() == ProgType.NETFILTER && opts.expectedAttachType() != AttachType.NETFILTER) {
            return String.format(Messages.ATTACH_TYPE_REQUIRED, ProgType.NETFILTER.kernelName(), AttachType.NETFILTER.kernelName());
        }
        return null;
    }
}
