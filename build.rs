//! For a Windows build only: compile the program's resources (its icon and its version information: product name,
//! version, description, as Explorer's Properties › Details shows them) with the toolchain's resource compiler
//! (mingw-w64's `windres`, or `RC_<target>` / `WINDRES`), and link them into the binaries. Other targets need
//! nothing from here. Written out rather than through a resource crate: it is one short .rc file, and the Linux
//! build keeps no build dependency for it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icon/renkei.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets it");
    let rc = out.join("renkei.rc");
    std::fs::write(&rc, resource_script(&manifest.join("assets/icon/renkei.ico"), &version))
        .expect("write the resource script");
    let object = out.join("renkei-resources.o");
    let target = std::env::var("TARGET").expect("cargo sets TARGET");
    let windres = std::env::var(format!("RC_{}", target.replace('-', "_")))
        .or_else(|_| std::env::var("WINDRES"))
        .unwrap_or_else(|_| "x86_64-w64-mingw32-windres".into());
    println!("cargo:rerun-if-env-changed=WINDRES");
    let status = Command::new(&windres)
        .args(["--codepage=65001", "--input-format=rc", "--output-format=coff", "-i"])
        .arg(&rc)
        .arg("-o")
        .arg(&object)
        .status()
        .unwrap_or_else(|e| {
            panic!("cannot run the resource compiler {windres}: {e} (install mingw-w64)")
        });
    assert!(status.success(), "{windres} failed on {}", rc.display());
    // An object file on the link line is kept whole, resources included (an archive's would be dropped unused).
    println!("cargo:rustc-link-arg-bins={}", object.display());
}

/// The resource script: the icon, and the version block in Japanese and English (Unicode).
fn resource_script(icon: &Path, version: &str) -> String {
    let numbers: Vec<u16> = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|p| p.parse().unwrap_or(0))
        .chain(std::iter::repeat(0))
        .take(4)
        .collect();
    let comma = numbers.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
    let icon = icon.display().to_string().replace('\\', "/");
    let block = |lang: &str, description: &str| {
        format!(
            r#"    BLOCK "{lang}04B0"
    BEGIN
      VALUE "CompanyName", "Renkei Workbench developers"
      VALUE "FileDescription", "{description}"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "renkei"
      VALUE "LegalCopyright", "MIT OR Apache-2.0"
      VALUE "OriginalFilename", "renkei.exe"
      VALUE "ProductName", "Renkei Workbench"
      VALUE "ProductVersion", "{version}"
    END
"#
        )
    };
    format!(
        r#"#pragma code_page(65001)
1 ICON "{icon}"
1 VERSIONINFO
FILEVERSION {comma}
PRODUCTVERSION {comma}
FILEFLAGSMASK 0x3F
FILEFLAGS 0x0
FILEOS 0x40004
FILETYPE 0x1
FILESUBTYPE 0x0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
{ja}{en}  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0411, 1200, 0x0409, 1200
  END
END
"#,
        ja = block(
            "0411",
            "Renkei Workbench 連携テスト仕様ワークベンチ: マイナンバー総合運用テストのテスト仕様の作成と確認"
        ),
        en = block(
            "0409",
            "Renkei Workbench: test specifications of the My Number integrated operation test"
        ),
    )
}
