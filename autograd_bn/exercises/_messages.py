"""The messages every lesson's exercises share: the frame of the feedback, bad input, and the
misconceptions that several exercises recognise.  Each lesson module keeps its own messages
(why an answer is right, hints, diagnoses of one exercise) in the same kind of table.
"""
from ..i18n import N_, _

MESSAGES = {
    # the frame
    "right": N_("✔ Exercise {n}: right. {why}"),
    "wrong": N_("✘ Exercise {n}: not yet. {diagnosis}"),
    "generic": N_("This is not the expected answer. Hint: {hint}"),
    "hint": N_("Hint for exercise {n}: {hint}"),
    "solution": N_("Solution of exercise {n}:"),
    "overview": N_("Exercises of lesson {lesson}: 1 to {count}. Answer exercise 1 with "
                   "check.q1(answer); check.hint(1) gives a hint and check.solution(1) the "
                   "worked solution."),
    "no_lesson": N_("lesson must be one of {lessons}, got {number!r}"),
    "no_exercise": N_("Lesson {lesson} has exercises 1 to {count}; there is no exercise {n}."),
    # bad input
    "blank": N_("Exercise {n}: no answer yet. Replace ... with your answer and run the cell "
                "again. check.hint({n}) gives a hint, check.solution({n}) the worked "
                "solution."),
    "type_values": N_("Exercise {n} expects numbers: a number, a list of numbers or a tensor. "
                      "This answer is of type {got}."),
    "type_shape": N_("Exercise {n} expects a shape: a tuple of whole numbers such as (2, 3), or "
                     "a torch.Size. This answer is of type {got}."),
    "type_name": N_("Exercise {n} expects what print shows: the name of a node as a string, "
                    "such as \"AddBackward0\", or None. {got} is neither."),
    "type_function": N_("Exercise {n} expects the function you wrote, by its name and without "
                        "brackets. This answer is of type {got}."),
    "type_class": N_("Exercise {n} expects your class, a subclass of torch.autograd.Function. "
                     "{got} is not one."),
    "returned": N_("Exercise {n}: your function returned a value of type {got}; it should "
                   "return a tensor."),
    "raised": N_("Exercise {n}: your code raised {error}: {message}"),
    "broken": N_("Exercise {n}: this answer cannot be checked ({error}). Give it in the form "
                 "the exercise asks for."),
    # misconceptions shared by several exercises
    "accumulated": N_("These are gradients added up: what .grad holds when it is not emptied "
                      "between two backward passes. backward adds the new gradient to what "
                      ".grad already holds, so set .grad to None (or call zero_grad()) before "
                      "each pass."),
    "v_input_shape": N_("This v has the shape of the input, {input_shape}. backward needs one "
                        "entry of v for each output, so v must have the shape of y, "
                        "{output_shape}."),
    "v_shape": N_("v must have the shape of the output y, {output_shape}, one entry for each "
                  "output; this one has the shape {shape}."),
    "v_shape_error": N_("backward got a starting gradient whose shape differs from that of its "
                        "output. The v you pass to y.backward(v) needs exactly the shape of y, "
                        "one entry for each output, not the shape of the input."),
    "transposed": N_("The Jacobian has been used transposed: this is J v. backward computes "
                     "vᵀJ, the same numbers as Jᵀv: entry j is the sum over the outputs i of "
                     "v_i · ∂y_i/∂x_j."),
    "transposed_matrix": N_("This is the transpose of the Jacobian. J has one row for each "
                            "output and one column for each input: the entry in row i and "
                            "column j is ∂y_i/∂x_j."),
    "non_leaf": N_("{name} is not a leaf: an operation computed it. backward fills .grad only "
                   "for leaf tensors that require gradients; for {name} it stays None (and "
                   "reading it gives a warning), unless {name}.retain_grad() was called before "
                   "the backward pass."),
    "requires_grad_missing": N_("Nothing is recorded here: the tensor at the start was made "
                                "without requires_grad=True, so no operation on it gets a node "
                                "in the graph, and grad_fn stays None."),
    "requires_grad_error": N_("backward found no graph: the tensor you differentiate with "
                              "respect to does not require gradients. Make a copy that does, "
                              "x = x.clone().requires_grad_(), before computing y from it."),
    "no_grad_swallowed": N_("The torch.no_grad() block swallowed part of the graph: what is "
                            "computed inside it is not recorded, so for autograd it is a "
                            "constant without history, and no gradient flows back through "
                            "it."),
    "detach_copy": N_("detach() does not copy: the detached tensor shares its memory with the "
                      "original, so writing into one of them in place changes the other too."),
}


def text(key, **fields):
    """The message `key` in the library's current language, with its fields filled in."""
    return _(MESSAGES[key]).format(**fields)
