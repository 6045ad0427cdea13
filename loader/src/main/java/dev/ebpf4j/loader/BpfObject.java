package dev.ebpf4j.loader;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.ProgramUnit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@link ProgramUnit} brought to life: its maps created from their specs, their fds written into the
 * program, the program loaded. Owns the program and the maps; closing it closes all of them.
 *
 * <pre>{@code
 * try (BpfObject obj = BpfObject.load(unit, LoadOptions.of(ProgType.SOCKET_FILTER))) {
 *     TypedMap<Integer, Long> counts = obj.map("counts").typed(Codec.INT, Codec.LONG);
 *     ...
 * }
 * }</pre>
 */
public final class BpfObject implements AutoCloseable {
    private final BpfProgram program;
    private final List<BpfMap> maps;

    private BpfObject(BpfProgram program, List<BpfMap> maps) {
        this.program = program;
        this.maps = Collections.unmodifiableList(maps);
    }

    /** Creates the unit's maps and loads its program; on failure everything created so far is closed. */
    public static BpfObject load(ProgramUnit unit, LoadOptions options) {
        List<BpfMap> maps = new ArrayList<>();
        try {
            for (MapBinding b : unit.maps()) maps.add(BpfMap.create(b.map()));
            return new BpfObject(BpfProgram.load(unit, options, maps), maps);
        } catch (RuntimeException e) {
            for (BpfMap m : maps) m.close();
            throw e;
        }
    }

    public BpfProgram program() { return program; }

    /** The maps, in the unit's binding order. */
    public List<BpfMap> maps() { return maps; }

    /** The map whose spec has this name. */
    public BpfMap map(String name) {
        for (BpfMap m : maps) if (m.info().name().equals(BpfMap.kernelName(name))) return m;
        throw new NoSuchElementException("no map named '" + name + "'");
    }

    @Override
    public void close() {
        program.close();
        for (BpfMap m : maps) m.close();
    }
}
