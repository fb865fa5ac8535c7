//! What a sentence carries besides its label: its tone (VADER) and who is
//! speaking.

pub mod sentiment;
pub mod speaker;
