# Ethernet + IPv4 protocol check on r1 = frame, r2 = length: 1 for TCP to port 80, else 2.
mov %r6, %r1
add %r2, %r1
mov %r0, 2
mov %r3, %r6
add %r3, 38
jgt %r3, %r2, out
ldxh %r4, [%r6+12]
jne %r4, 0x0008, out
ldxb %r4, [%r6+23]
jne %r4, 6, out
ldxh %r4, [%r6+36]
be16 %r4
jne %r4, 80, out
mov %r0, 1
stxw [%r10-4], %r0
out:
exit
