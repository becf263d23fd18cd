# Packet parsing in the shape clang gives an XDP filter: r1 = frame, r2 = its length.
# Ethernet, one optional 802.1Q tag, IPv4 with IHL, fragments, TCP and UDP ports, flag checks.
# Returns 1 (drop) or 2 (pass). Loads of network-order fields compare against byte-swapped
# constants, as clang compiles htons() comparisons.
mov %r6, %r1
mov %r7, %r1
add %r7, %r2
mov %r0, 2
mov %r3, %r6
add %r3, 14
jgt %r3, %r7, exit
ldxh %r4, [%r6+12]
mov %r5, 14
jne %r4, 0x0081, novlan
mov %r3, %r6
add %r3, 18
jgt %r3, %r7, exit
ldxh %r4, [%r6+16]
mov %r5, 18
novlan:
jne %r4, 0x0008, exit
mov %r8, %r6
add %r8, %r5
mov %r3, %r8
add %r3, 20
jgt %r3, %r7, exit
ldxb %r4, [%r8]
mov %r9, %r4
rsh %r9, 4
jne %r9, 4, drop
and %r4, 0xf
jlt %r4, 5, drop
lsh %r4, 2
ldxh %r3, [%r8+6]
be16 %r3
and %r3, 0x1fff
jne %r3, 0, exit
ldxw %r3, [%r8+12]
be32 %r3
mov %r9, %r3
rsh %r9, 24
jeq %r9, 127, drop
jeq %r9, 0, drop
ldxb %r3, [%r8+9]
add %r8, %r4
jeq %r3, 6, tcp
jeq %r3, 17, udp
ja exit
tcp:
mov %r3, %r8
add %r3, 20
jgt %r3, %r7, drop
ldxh %r4, [%r8+2]
be16 %r4
ldxb %r5, [%r8+13]
and %r5, 0x3f
jeq %r5, 0, drop
mov %r9, %r5
and %r9, 3
jeq %r9, 3, drop
jeq %r4, 23, drop
ja exit
udp:
mov %r3, %r8
add %r3, 8
jgt %r3, %r7, drop
ldxh %r4, [%r8]
be16 %r4
jeq %r4, 19, drop
jeq %r4, 1900, drop
jeq %r4, 11211, drop
exit:
exit
drop:
mov %r0, 1
exit
