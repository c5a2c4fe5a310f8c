# A string in base36 exactly as the AWS CLI's emr-containers customization computes it
# (awscli/customizations/emrcontainers/base36.py): the characters as a big-endian integer of
# bytes, written in digits 0-9a-z. EMR on EKS puts the execution role name, encoded so, at the
# end of every job service account name, which is how a trust policy can name one role's pods.
#
# Terraform numbers are 512-bit floats: integer division stays exact while the value has well
# under 512 bits, hence the 50-character limit (IAM role names here are far shorter).
# actions/test/terraform-emr-trust.test.ts checks this against the CLI's algorithm.

variable "value" {
  type        = string
  description = "The string to encode: printable ASCII, at most 50 characters (an IAM role name)."

  validation {
    condition     = length(var.value) > 0 && length(var.value) <= 50 && can(regex("^[ -~]+$", var.value))
    error_message = "value must be 1 to 50 printable ASCII characters."
  }
}

locals {
  printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
  byte_hex  = { for i, c in split("", local.printable) : c => format("%02x", i + 32) }
  alphabet  = "0123456789abcdefghijklmnopqrstuvwxyz"

  # "* 1" lifts the value to the 512-bit precision of literals before dividing.
  number = parseint(join("", [for c in split("", var.value) : local.byte_hex[c]]), 16) * 1

  # quotients[k] = floor(number / 36^k); the k-th base36 digit is quotients[k] - 36 * quotients[k + 1].
  quotients = [for k in range(80) : floor(local.number / parseint("1${join("", [for _ in range(k) : "0"])}", 36))]
  digits    = [for k in range(79) : local.quotients[k] - 36 * local.quotients[k + 1] if local.quotients[k] > 0]

  encoded = join("", reverse([for d in local.digits : substr(local.alphabet, d, 1)]))
}

output "encoded" {
  description = "var.value in base36 (lower case, no leading zeros)."
  value       = local.encoded
}
