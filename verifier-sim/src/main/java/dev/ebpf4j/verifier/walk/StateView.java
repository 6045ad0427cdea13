package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.MapSpec;

/** What the log printer needs to know about the walk. */
public interface StateView {
    boolean regScratched(int r);

    boolean slotScratched(int frame, int spi);

    MapSpec map(int idx);

    /** The frame being walked. */
    int currentFrame();

    /** Ids of the references held. */
    int[] refs();
}
