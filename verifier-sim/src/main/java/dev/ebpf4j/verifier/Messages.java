package dev.ebpf4j.verifier;

/**
 * Every message the simulator prints, as the Linux 6.18 verifier words it (checked against the live kernel,
 * see ../shared/reference/linux-verifier.md). Each constant is a {@link String#format} pattern. Messages of our
 * own (what the simulator does not model) start with {@code ebpf4j:} so nobody mistakes them for the kernel's.
 */
public final class Messages {
    private Messages() {}

    // ---- pass 1: structure
    public static final String CALL_INVALID_DEST = "call to invalid destination";
    public static final String JUMP_OUT_OF_RANGE = "jump out of range from insn %d to %d";
    public static final String LAST_INSN = "last insn is not an exit or jmp";
    public static final String UNREACHABLE = "unreachable insn %d";
    public static final String JUMP_INTO_LDIMM64 = "jump into the middle of ldimm64 insn %d";
    public static final String UNKNOWN_OPCODE = "unknown opcode %02x";
    public static final String LDX_RESERVED = "BPF_LDX uses reserved fields";
    public static final String INVALID_LDIMM64 = "invalid bpf_ld_imm64 insn";
    public static final String UNRECOGNIZED_LDIMM64 = "unrecognized bpf_ld_imm64 insn";
    public static final String FD_NOT_MAP = "fd %d is not pointing to valid bpf_map";
    public static final String DIRECT_VALUE_OFFSET = "direct value offset of %d is not allowed";
    public static final String NO_DIRECT_VALUE = "no direct value access support for this map type";
    public static final String MAP_VALUE_PTR_ACCESS = "invalid access to map value pointer, value_size=%d off=%d";
    public static final String FD_IDX_WITHOUT_ARRAY = "fd_idx without fd_array is invalid";
    public static final String PROG_TOO_LARGE_INSNS = "BPF program is too large. Processed %d insn";
    public static final String JMP_SEQ_TOO_COMPLEX = "The sequence of %d jumps is too complex.";
    public static final String INFINITE_LOOP = "infinite loop detected at insn %d";

    // ---- registers and ALU
    public static final String R_INVALID = "R%d is invalid";
    public static final String R_NOT_READ_OK = "R%d !read_ok";
    public static final String FP_READ_ONLY = "frame pointer is read only";
    public static final String ALU_RESERVED = "BPF_ALU uses reserved fields";
    public static final String NEG_RESERVED = "BPF_NEG uses reserved fields";
    public static final String END_RESERVED = "BPF_END uses reserved fields";
    public static final String MOV_RESERVED = "BPF_MOV uses reserved fields";
    public static final String DIV_BY_ZERO = "div by zero";
    public static final String INVALID_SHIFT = "invalid shift %d";
    public static final String PTR_ARITH_PROHIBITED = "R%d pointer arithmetic prohibited";
    public static final String PARTIAL_COPY = "R%d partial copy of pointer";
    public static final String SEXT_PART = "R%d sign-extension part of pointer";
    public static final String PTR_ARITH_ON_NULL = "R%d pointer arithmetic on %s prohibited, null-check it first";
    public static final String PTR_ARITH_ON = "R%d pointer arithmetic on %s prohibited";
    public static final String PTR_ARITH_OPERATOR = "R%d pointer arithmetic with %s operator prohibited";
    public static final String PTR_BITWISE = "R%d bitwise operator %s on pointer prohibited";
    public static final String PTR_32BIT = "R%d 32-bit pointer arithmetic prohibited";
    public static final String PTR_PLUS_PTR = "R%d pointer += pointer prohibited";
    public static final String PTR_OP_PTR = "R%d pointer %s pointer prohibited";
    public static final String SUB_PTR_FROM_SCALAR = "R%d tried to subtract pointer from scalar";
    public static final String SUB_FROM_STACK = "R%d subtraction from stack pointer prohibited";
    public static final String MATH_UNBOUNDED_MIN = "math between %s pointer and register with unbounded min value is not allowed";
    public static final String MATH_BETWEEN = "math between %s pointer and %d is not allowed";
    public static final String PTR_OFFSET = "%s pointer offset %d is not allowed";
    public static final String VALUE_MAKES_OOB = "value %d makes %s pointer be out of bounds";

    // ---- memory
    public static final String INVALID_MEM_ACCESS = "R%d invalid mem access '%s'";
    public static final String STACK_BOUNDS = "invalid%s stack R%d off=%d size=%d";
    public static final String STACK_VAR_UNBOUNDED = "invalid unbounded variable-offset%s stack R%d";
    public static final String STACK_VAR = "invalid variable-offset%s stack R%d var_off=%s off=%d size=%d";
    public static final String SPILL_SIZE = "invalid size of register spill";
    public static final String FILL_SIZE = "invalid size of register fill";
    public static final String STACK_READ_INVALID = "invalid read from stack off %d+%d size %d";
    public static final String STACK_RANGE_INVALID = "invalid read from stack R%d off %d+%d size %d";
    public static final String MISALIGNED = "misaligned %saccess off %s+%d+%d size %d";
    public static final String MISALIGNED_PKT = "misaligned packet access off %d+%s+%d+%d size %d";
    public static final String MAP_VALUE_ACCESS = "invalid access to map value, value_size=%d off=%d size=%d";
    public static final String MIN_OUTSIDE = "R%d min value is outside of the allowed memory range";
    public static final String MAX_OUTSIDE = "R%d max value is outside of the allowed memory range";
    public static final String MIN_NEGATIVE_INDEX = "R%d min value is negative, either use unsigned index or do a if (index >=0) check.";
    public static final String UNBOUNDED_ACCESS = "R%d unbounded memory access, make sure to bounds check any such access";
    public static final String CTX_ACCESS = "invalid bpf_context access off=%d size=%d";
    /** A load or store through a flow_dissector program's {@code flow_keys} pointer outside the struct. */
    public static final String FLOW_KEYS_ACCESS = "invalid access to flow keys off=%d size=%d";
    public static final String MODIFIED_CTX = "dereference of modified ctx ptr R%d off=%d disallowed";
    public static final String NEGATIVE_CTX = "negative offset ctx ptr R%d off=%d disallowed";
    public static final String VARIABLE_CTX = "variable ctx access var_off=%s disallowed";
    public static final String PKT_ACCESS = "invalid access to packet, off=%d size=%d, R%d(id=%d,off=%d,r=%d)";
    public static final String PKT_OUTSIDE = "R%d offset is outside of the packet";
    public static final String PKT_WRITE_FORBIDDEN = "cannot write into packet";
    public static final String ATOMIC_LOADS_FROM = "BPF_ATOMIC loads from R%d %s is not allowed";
    public static final String ATOMIC_INTO = "BPF_ATOMIC stores into R%d %s is not allowed";
    public static final String STX_RESERVED = "BPF_STX uses reserved fields";
    public static final String ST_RESERVED = "BPF_ST uses reserved fields";
    public static final String ATOMIC_RESERVED = "BPF_ATOMIC uses reserved fields";
    public static final String INVALID_ATOMIC = "BPF_ATOMIC uses invalid atomic opcode %02x";
    public static final String INVALID_ATOMIC_SIZE = "invalid atomic operand size";
    public static final String READ_MAP_FORBIDDEN = "read from map forbidden, value_size=%d off=%d size=%d";
    public static final String WRITE_MAP_FORBIDDEN = "write into map forbidden, value_size=%d off=%d size=%d";
    public static final String SAME_INSN_DIFFERENT_PTRS = "same insn cannot be used with different pointers";

    // ---- LD_IMM64, LD_ABS/IND
    public static final String LD_IMM64_RESERVED = "BPF_LD_IMM64 uses reserved fields";
    public static final String LD_ABS_RESERVED = "BPF_LD_[ABS|IND] uses reserved fields";
    public static final String LD_ABS_NOT_ALLOWED = "BPF_LD_[ABS|IND] instructions not allowed for this program type";
    public static final String LD_ABS_R6 = "at the time of BPF_LD_ABS|IND R6 != pointer to skb";
    public static final String INVALID_LD_MODE = "invalid BPF_LD mode";

    // ---- jumps
    public static final String JMP_RESERVED = "BPF_JMP/JMP32 uses reserved fields";
    public static final String JA_RESERVED = "BPF_JA uses reserved fields";
    public static final String CALL_RESERVED = "BPF_CALL uses reserved fields";
    public static final String EXIT_RESERVED = "BPF_EXIT uses reserved fields";

    // ---- calls
    public static final String INVALID_FUNC = "invalid func %s#%d";
    public static final String CANNOT_USE_HELPER = "program of this type cannot use helper %s#%d";
    public static final String MIGHT_SLEEP = "helper call might sleep in a non-sleepable prog";
    public static final String NOT_SUPPORTED_FOR_TYPE = "func %s#%d not supported for program type %d";
    public static final String ARG_TYPE = "R%d type=%s expected=%s";
    public static final String INVALID_MAY_GOTO = "invalid may_goto imm %d";
    public static final String ADDR_SPACE_CAST_AS = "addr_space_cast insn can only convert between address space 1 and 0";
    public static final String ADDR_SPACE_CAST_ARENA =
            "addr_space_cast insn can only be used in a program that has an associated arena";
    public static final String LD_ABS_IN_SUBPROG = "LD_ABS is not allowed in subprogs without BTF";
    public static final String TAIL_CALL_IN_SUBPROG = "tail_call is not allowed in subprogs without BTF";
    public static final String CANNOT_PASS_MAP = "cannot pass map_type %d into func %s#%d";
    public static final String HELPER_PKT_NOT_ALLOWED = "helper access to the packet is not allowed";
    public static final String ZERO_SIZED_READ = "R%d invalid zero-sized read: u64=[%d,%d]";
    public static final String SIZE_MIN_NEGATIVE = "R%d min value is negative, either use unsigned or 'var &= const'";
    public static final String SIZE_UNBOUNDED = "R%d unbounded memory access, use 'var &= const' or 'if (var < const)'";
    public static final String CALL_STACK_TOO_DEEP = "the call stack of %d frames is too deep !";
    public static final String COMBINED_STACK = "combined stack size of %d calls is %d. Too large";

    // ---- exit
    public static final String EXIT_RANGE = "At program exit the register R%d %s should have been in [%d, %d]";
    public static final String REF_LEAK = "BPF_EXIT instruction in main prog would lead to reference leak";

    // ---- ours
    public static final String NOT_MODELLED = "ebpf4j: %s is not modelled by the simulator; rejecting rather than accepting what it cannot check";
    public static final String ATTACH_TYPE_REQUIRED = "ebpf4j: %s programs need expected attach type %s (the kernel refuses the load with EINVAL before verifying)";
    public static final String EMPTY_PROGRAM = "ebpf4j: the program is empty (the kernel refuses it with EINVAL before verifying)";

    /** A message of our own for what the simulator does not model. */
    public static String notModelled(String what) {
        return String.format(NOT_MODELLED, what);
    }
}
