"""Writers: each turns the content model (or a plan made from it) into one kind of file."""
