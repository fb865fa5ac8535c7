// STUB: replaced by the real module.
#[derive(Debug, Clone, Default)]
pub struct SpeakerFinder {}
impl SpeakerFinder {
    pub fn new() -> Self {
        SpeakerFinder {}
    }
    pub fn next(&mut self, _sentence: &str) -> Option<String> {
        None
    }
}
