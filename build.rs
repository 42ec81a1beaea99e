//! Embeds the default catalog (frameworks/ and questionnaires/) into the binary
//! so that apiassure works with no files present.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_catalog.rs");
    let mut entries = Vec::new();
    for dir in ["frameworks", "questionnaires"] {
        println!("cargo:rerun-if-changed={dir}");
        let path = Path::new(&root).join(dir);
        let Ok(read) = fs::read_dir(&path) else {
            continue;
        };
        let mut files: Vec<_> = read
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let name = format!("{dir}/{}", file.file_name().unwrap().to_string_lossy());
            entries.push(format!(
                "    ({name:?}, include_str!({:?})),",
                file.display().to_string()
            ));
        }
    }
    let code = format!(
        "/// (relative path, contents) of every catalog file shipped in the binary.\npub static EMBEDDED_FILES: &[(&str, &str)] = &[\n{}\n];\n",
        entries.join("\n")
    );
    fs::write(out, code).expect("write embedded catalog index");
}
