"""The typed plan between the model and the writers: the slides, with their identity
(speaker, part, question, layout) as fields and Jinja giving the wording only
(:mod:`.slides`); the host voice (:mod:`.voice`); the per-slide narration, computed once for
notes, script and subtitles (:mod:`.narration`); and the production that bundles them for the
writers (:mod:`.production`)."""
