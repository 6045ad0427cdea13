package dev.ebpf4j.examples.topics;

import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.vm.Vm;

/** A lesson's maps by name, wherever it runs: in the kernel (a loaded {@link BpfObject}) or in the interpreter. */
interface Maps {
    /** The value at {@code key}, or null. */
    byte[] lookup(String map, byte[] key);

    void update(String map, byte[] key, byte[] value);

    static Maps of(BpfObject obj) {
        return new Maps() {
            public byte[] lookup(String map, byte[] key) { return obj.map(map).lookup(key); }
            public void update(String map, byte[] key, byte[] value) { obj.map(map).update(key, value); }
        };
    }

    static Maps of(Vm vm) {
        return new Maps() {
            public byte[] lookup(String map, byte[] key) { return vm.map(map).lookup(key); }
            public void update(String map, byte[] key, byte[] value) {
                int rc = vm.map(map).update(key, value, dev.ebpf4j.vm.BpfMap.ANY);
                if (rc != 0) throw new IllegalStateException("interpreter: update of map '" + map + "' failed: " + rc);
            }
        };
    }
}
