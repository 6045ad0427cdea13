package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Slots;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every row of ../shared/reference/isa.md section 4: the kernel, LLVM and ubpf texts assemble to the row's
 * encoding, computed from its opcode and fields columns with the table's example operands (dst r1, src r2,
 * off -8, imm 5, jump +3).
 */
class IsaTableTest {
    /** Cells that describe rather than spell an instruction (placeholders, relocations, printer callbacks). */
    private static final String[] DESCRIPTIONS = {
        "<", "consumed", "not accepted", "cb)", "reloc", "map[id:", "runtime N", "map idx",
    };

    record Row(int opcode, String fields, String kernel, String llvm, String ubpf, String source) {}

    static List<Row> rows() throws IOException {
        Path isa = Path.of(System.getProperty("ebpf4j.shared", "../../shared"), "reference", "isa.md");
        List<String> lines = Files.readAllLines(isa);
        List<Row> rows = new ArrayList<>();
        boolean inSection = false;
        for (String l : lines) {
            if (l.startsWith("## ")) inSection = l.startsWith("## 4.");
            if (!inSection || !l.startsWith("| 0x")) continue;
            List<String> cells = cells(l);
            assertEquals(7, cells.size(), "row of 7 cells: " + l);
            rows.add(new Row(Integer.parseInt(cells.get(0).substring(2), 16), cells.get(1),
                    cells.get(4), cells.get(5), cells.get(6), l));
        }
        return rows;
    }

    /** The cells of a Markdown table row; {@code \|} is a literal bar. */
    static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
                cur.append('|');
                i++;
            } else if (c == '|') {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        return out;
    }

    @Test
    void everyRowAssemblesInEverySyntaxItSpells() throws IOException {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 170, "section 4 has " + rows.size() + " rows");
        int tested = 0, skipped = 0;
        List<String> failures = new ArrayList<>();
        for (Row r : rows) {
            String[][] columns = {{"kernel", r.kernel()}, {"llvm", r.llvm()}, {"ubpf", r.ubpf()}};
            for (String[] col : columns) {
                for (String text : alternatives(col[1])) {
                    if (text == null) {
                        skipped++;
                        continue;
                    }
                    tested++;
                    long[] want = expected(r, col[0]);
                    try {
                        String src = text.matches(".*\\blabel\\b.*") ? text + "\nexit\nexit\nexit\nlabel:\nexit" : text;
                        Program p = col[0].equals("ubpf")
                                ? TextAssembler.assembleUbpf(src).program()
                                : TextAssembler.assembleKernel(src).program();
                        if (!TextAssembler.assemble(src).program().equals(p)) {
                            failures.add(col[0] + " '" + text + "': syntax detection took it for the other syntax");
                        }
                        for (int i = 0; i < want.length; i++) {
                            if (p.slot(i) != want[i]) {
                                failures.add(col[0] + " '" + text + "': slot " + i + " is " + Program.of(p.slot(i)).toHex()
                                        + ", want " + Program.of(want[i]).toHex());
                            }
                        }
                    } catch (AsmSyntaxException e) {
                        failures.add(col[0] + " '" + text + "': " + e.getMessage());
                    }
                }
            }
        }
        System.out.println("isa.md section 4: " + rows.size() + " rows, " + tested + " texts assembled, "
                + skipped + " descriptive cells skipped");
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n", failures));
        assertTrue(tested >= 474, "tested " + tested); // today's count: it must not fall back
    }

    /** The instruction texts of a cell ({@code bswap16 / swap16 %r1} is two), null for a descriptive cell. */
    static List<String> alternatives(String cell) {
        List<String> out = new ArrayList<>();
        if (cell.equals("-")) {
            out.add(null);
            return out;
        }
        for (String d : DESCRIPTIONS) {
            if (cell.contains(d)) {
                out.add(null);
                return out;
            }
        }
        String text = cell.replaceAll(" \\((rbpf|new LLVM)\\)$", ""); // notes on who spells it so
        String[] alts = text.split(" / ");
        String last = alts[alts.length - 1];
        String operands = last.contains(" ") ? last.substring(last.indexOf(' ')) : "";
        for (String a : alts) out.add(a.contains(" ") || a.equals("exit") ? a : a + operands);
        return out;
    }

    /** The row's slots with the table's example operands. */
    static long[] expected(Row r, String column) {
        int op = r.opcode();
        String f = r.fields();
        int cls = op & 7;
        int dst = 1, src = 0, off = 0, imm = 0;
        if (f.contains("src") && !f.contains("src=")) src = 2;
        if (f.matches(".*\\bsrc=\\d.*")) src = Integer.parseInt(f.replaceAll(".*\\bsrc=(\\d+).*", "$1"));
        if (f.matches(".*\\bimm=0x[0-9a-f]+.*")) imm = Integer.parseInt(f.replaceAll(".*\\bimm=0x([0-9a-f]+).*", "$1"), 16);
        else if (f.matches(".*\\bimm=\\d+.*")) imm = Integer.parseInt(f.replaceAll(".*\\bimm=(\\d+).*", "$1"));
        else if (f.matches("(.*\\W)?imm\\b.*")) imm = 5;
        if (f.matches(".*\\boff=\\d+.*")) off = Integer.parseInt(f.replaceAll(".*\\boff=(\\d+).*", "$1"));
        switch (cls) {
            case 0: // LD: LD_IMM64 and the packet loads
                if (op == 0x18) {
                    return new long[] {Slots.encode(0x18, 1, 0, 0, 0x55667788), Slots.encode(0, 0, 0, 0, 0x11223344)};
                }
                dst = 0;
                imm = op >= 0x40 && column.equals("llvm") ? 0 : 12; // LLVM prints skb[r2] without the imm
                break;
            case 1: case 2: case 3:
                off = -8;
                if (cls != 2) src = 2;
                break;
            case 5: case 6:
                if (op == 0x85) {
                    imm = src == 0 ? 1 : 3;
                    dst = 0;
                } else if (op == 0x06) {
                    imm = 3;
                    dst = 0;
                } else if (op == 0x05 || op == 0xe5) {
                    off = 3;
                    dst = 0;
                    src = 0;
                } else if (op == 0x95) {
                    dst = 0;
                } else if (op != 0x8d && op != 0x0d) {
                    off = 3;
                }
                break;
            default:
                break;
        }
        return new long[] {Slots.encode(op, dst, src, off, imm)};
    }
}
