/*
 * TEST FIXTURE ONLY, NEVER SHIPPED: a stand-in for Windows' bcryptprimitives.dll, for the Wine smoke test of
 * `.ci/windows` alone.
 *
 * Rust's standard library (1.78 and later) imports ProcessPrng from bcryptprimitives.dll, which every Windows 10
 * and 11 has. Wine gained the DLL in 8.13; Debian 12's Wine 8.0 lacks it, so there every Rust program exits with
 * code 53 before main. This file gives Wine's prefix the one function, forwarding to advapi32's RtlGenRandom
 * (SystemFunction036). `.ci/windows` builds it into the throwaway Wine prefix's system32; it is never copied into
 * target/windows, the MSI or the zip.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
