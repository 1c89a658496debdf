/// The node's version, written into every report header ("M.m.p", each part within the codec's bit widths).
enum NodeVersion {
    static let string = "2.1.0"
}
