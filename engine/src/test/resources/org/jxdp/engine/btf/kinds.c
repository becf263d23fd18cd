/* Every kind clang 14 writes for C (bitfields, anonymous unions, enums, floats, FWD, decl and type tags,
 * qualifiers, function pointers, multi-dimensional arrays), for BpftoolAgreementTest and BtfTest. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __ttag(x) __attribute__((btf_type_tag(x)))
enum color { RED = -1, GREEN = 5, BLUE = 0x7fffffff };
enum ucolor { U1 = 1, U2 = 0xffffffffu };
typedef enum color color_t;
struct bits { unsigned a:3; unsigned b:5; int c; union { short s; char ch[2]; }; float f; double d; long double ld; } __tag("bits_tag");
struct fwdonly;
union un { int i; struct fwdonly *p; };
struct tagged { int __ttag("user") *up; int x __tag("member_tag"); };
const volatile struct bits gbits;
struct bits * restrict rp;
union un gun;
struct tagged gt;
color_t gc;
enum ucolor guc;
char buf[3][5];
static int sfn(int a, ...) __tag("fn_tag");
static int sfn(int a, ...) { return a; }
int (*fp)(struct xdp_md *, int);
extern int ext_var __attribute__((weak));
SEC("xdp") int prog(struct xdp_md *ctx) { return gbits.c + gun.i + (gt.up ? 1 : 0) + gc + guc + buf[1][2] + (rp ? 1 : 0) + sfn(1, 2) + (fp ? 1 : 0) + (&ext_var ? 1 : 0); }
char LICENSE[] SEC("license") = "GPL";
