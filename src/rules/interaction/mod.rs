//! 政民互动 (online interaction), as 国办秘函〔2019〕19号 inspects it: a working channel for
//! consultation and advice, and timely replies to the messages left in it (互动回应差).

mod channels;
pub mod unanswered;
