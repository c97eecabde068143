//! Record linkage engine. (Being built.)
