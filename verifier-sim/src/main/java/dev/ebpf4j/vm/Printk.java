package dev.ebpf4j.vm;

/**
 * {@code bpf_trace_printk(fmt, fmt_size, ...)}: formats with the kernel's subset of printf (%d %i %u %x %X %c %p
 * %s, with l/ll/h modifiers, width and zero padding; at most 3 arguments) and appends the line to the sink the
 * caller reads ({@link Vm#drainTracePrintk()}). Returns the formatted length, or -EINVAL for a bad format.
 */
final class Printk {
    private Printk() {}

    static long printk(Interpreter in) {
        long size = in.r[2] & 0xffffffffL;
        if (size == 0 || size > 4096) return -Errno.EINVAL;
        byte[] fmt = in.mem.readBytes(in.r[1], (int) size);
        if (fmt[fmt.length - 1] != 0) return -Errno.EINVAL;
        String f = Helpers.cString(fmt);
        StringBuilder out = new StringBuilder();
        int arg = 3;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 < f.length() && f.charAt(i + 1) == '%') {
                out.append('%');
                i++;
                continue;
            }
            int j = i + 1;
            StringBuilder spec = new StringBuilder("%");
            while (j < f.length() && "-0+ #".indexOf(f.charAt(j)) >= 0) spec.append(f.charAt(j++));
            while (j < f.length() && Character.isDigit(f.charAt(j))) spec.append(f.charAt(j++));
            int longs = 0;
            boolean half = false;
            while (j < f.length() && (f.charAt(j) == 'l' || f.charAt(j) == 'h')) {
                if (f.charAt(j) == 'l') longs++;
                else half = true;
                j++;
            }
            if (j >= f.length() || arg > 5) return -Errno.EINVAL;
            char conv = f.charAt(j);
            long v = in.r[arg++];
            if (longs == 0 && conv != 'p' && conv != 's') v = half ? (short) v : (int) v;
            switch (conv) {
                case 'd': case 'i':
                    out.append(String.format(spec + "d", v));
                    break;
                case 'u':
                    out.append(String.format(spec + "s", longs == 0 ? Integer.toUnsignedString((int) v) : Long.toUnsignedString(v)));
                    break;
                case 'x': case 'X':
                    String hex = longs == 0 ? Integer.toHexString((int) v) : Long.toHexString(v);
                    out.append(String.format(spec + "s", conv == 'X' ? hex.toUpperCase() : hex).replace(' ', spec.indexOf("0") == 1 ? '0' : ' '));
                    break;
                case 'c':
                    out.append((char) (v & 0xff));
                    break;
                case 'p':
                    out.append("0x").append(Long.toHexString(v));
                    break;
                case 's':
                    out.append(string(in.mem, v));
                    break;
                default:
                    return -Errno.EINVAL;
            }
            i = j;
        }
        in.vm.printk.add(out.toString());
        return out.length();
    }

    private static String string(Memory mem, long addr) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            long c;
            try {
                c = mem.load(addr + i, 1);
            } catch (VmFault f) {
                return i == 0 ? "(efault)" : s.toString();
            }
            if (c == 0) break;
            s.append((char) c);
        }
        return s.toString();
    }
}
