//! Conformance story for every store: see tests/.
