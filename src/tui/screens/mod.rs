//! The six screens, one file each: the screen's own state, the `App`
//! methods that handle its keys and clicks, and its layout. `inventory`
//! draws the traffic inventory inside the Evidence screen. `App::update`
//! (in `app.rs`) routes actions here; `view` draws the frame around them.

pub mod assess;
pub mod dashboard;
pub mod evidence;
pub mod frameworks;
pub mod history;
pub mod inventory;
pub mod soa;

pub use assess::{AssessFocus, AssessState, SearchHit, SearchState, TreeRow};
pub use evidence::{EvidenceFocus, EvidenceState, ProbeState, TargetProgress};
pub use frameworks::{Drill, FrameworksFocus, FrameworksState};
