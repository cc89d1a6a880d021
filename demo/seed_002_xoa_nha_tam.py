"""Seed 002: Kế hoạch Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025 (UBND huyện Ia H'Drai).

The text is the seed's own: only the line and page breaks of its extraction are joined (and
see the notes below). The structured parts and the demo steps follow the text.
"""

import datetime as dt

from demo.accounts import DISTRICT, PROVINCE

from .blocks import seed_body
from .text import quote

SUBJECT = "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát trên địa bàn huyện Ia H'Drai trong năm 2025”"
LEGAL_BASES = [
    "Căn cứ Kế hoạch số 4754/KH-UBND ngày 31 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum về triển khai phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát trên địa bàn tỉnh Kon Tum trong năm 2025”;",
    "Căn cứ Kế hoạch số 08-KH/BCĐ, ngày 09 tháng 01 năm 2025 của Ban Chỉ đạo Xóa nhà tạm, nhà dột nát về triển khai xóa nhà tạm, nhà dột nát trên địa bàn huyện Ia H'Drai;",
]
PREAMBLE = "Ủy ban nhân dân huyện Ia H'Drai ban hành Kế hoạch triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát trên địa bàn huyện Ia H'Drai trong năm 2025” (Phong trào thi đua), cụ thể như sau:"
SECTIONS = [
    (
        "I. MỤC ĐÍCH, YÊU CẦU",
        """\
1. Mục đích
a) Tạo khí thế thi đua sôi nổi, phát huy sức mạnh của cả hệ thống chính trị và các tầng lớp Nhân dân tập trung mọi nguồn lực để đến năm 2025 xóa bỏ hoàn toàn nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo, người dân bị ảnh hưởng bởi thiên tai, biến đổi khí hậu và hỗ trợ gia đình người có công gặp khó khăn về nhà ở, nhà xuống cấp cần được sửa chữa, xây mới trên địa bàn huyện; góp phần thực hiện có hiệu quả mục tiêu giảm tỷ lệ hộ nghèo đa chiều; tạo tiền đề để tập trung thu hút đầu tư, phát triển kinh tế, thực hiện thắng lợi các mục tiêu, chỉ tiêu Nghị quyết Đại hội đại biểu Đảng bộ huyện Ia H'Drai lần thứ XVII, nhiệm kỳ 2020-2025.
b) Thể hiện sự quan tâm, chăm lo của các cấp ủy Đảng, Nhà nước, Mặt trận Tổ quốc Việt Nam; động viên, khích lệ, tạo động lực, truyền cảm hứng cho các tầng lớp Nhân dân, nhất là các đối tượng người nghèo, người có hoàn cảnh khó khăn vươn lên trong cuộc sống. Qua đó, củng cố niềm tin vững chắc của Nhân dân đối với chủ trương của Đảng, chính sách, pháp luật của Nhà nước; phát huy sức mạnh toàn dân tộc, thực hiện thắng lợi các mục tiêu phát triển kinh tế - xã hội, đảm bảo quốc phòng, an ninh, xây dựng và bảo vệ Tổ quốc.
c) Thông qua Phong trào thi đua, tạo sự chuyển biến mạnh mẽ về nhận thức và trách nhiệm của các cấp ủy, chính quyền, Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội; tổ chức chính trị - xã hội - nghề nghiệp; tổ chức xã hội - nghề nghiệp; tổ chức xã hội; các doanh nghiệp và toàn xã hội cùng chung tay hỗ trợ các hộ nghèo, hộ cận nghèo, người dân bị ảnh hưởng bởi thiên tai, biến đổi khí hậu, gia đình người có công gặp khó khăn về nhà ở (sau đây gọi chung là hộ có khó khăn về nhà ở).
2. Yêu cầu
a) Triển khai, hưởng ứng Phong trào thi đua với nội dung thiết thực, hình thức phong phú, sâu rộng, đồng bộ, xuyên suốt từ huyện đến cơ sở nhằm góp phần huy động mọi nguồn lực để xóa nhà tạm, nhà dột nát trên phạm vi toàn huyện.
b) Đảm bảo công khai, dân chủ, minh bạch các nguồn thu và tích cực, chủ động thực hiện chương trình xóa nhà tạm, nhà dột nát.
c) Thường xuyên kiểm tra, giám sát việc thực hiện Phong trào thi đua để kịp thời phát hiện, biểu dương, khen thưởng, nhân rộng các điển hình, tập thể, hộ gia đình, cá nhân tiêu biểu xuất sắc trong Phong trào thi đua và có giải pháp khắc phục những khó khăn, vướng mắc khi thực hiện.""",
    ),
    (
        "II. NỘI DUNG PHONG TRÀO THI ĐUA",
        """\
Phát huy truyền thống tương thân tương ái, “Lá lành đùm lá rách”, nhân ái, nghĩa tình, “Thương người như thể thương thân” của dân tộc ta, để thực hiện tốt chính sách an sinh xã hội của Đảng, Nhà nước, phấn đấu đến tháng 6 năm 2025 hoàn thành nhiệm vụ xóa nhà tạm, nhà dột nát trên phạm vi toàn huyện; các phòng, ban, ngành, Ủy ban Mặt trận Tổ quốc Việt Nam huyện, các tổ chức chính trị - xã hội, tổ chức chính trị - xã hội - nghề nghiệp, tổ chức - xã hội - nghề nghiệp, tổ chức xã hội trên địa bàn huyện và các xã (sau đây viết tắt là cơ quan, đơn vị, địa phương), tổ chức, doanh nghiệp, hộ gia đình và mỗi công dân tập trung thi đua:
1. Huy động, vận động các nguồn lực của Nhà nước, của xã hội, doanh nghiệp, của toàn dân thực hiện thành công mục tiêu đến tháng 6 năm 2025 xóa hoàn toàn nhà tạm, nhà dột nát trên địa bàn huyện. Trong đó, nguồn lực Nhà nước đóng vai trò chủ đạo, nguồn lực của xã hội là quan trọng với nguyên tắc Nhà nước hỗ trợ, cộng đồng giúp đỡ, hộ gia đình tự tổ chức xây dựng nhà ở.
2. Xây dựng cơ chế, chính sách phù hợp, hiệu quả, góp phần thực hiện thành công các Chương trình mục tiêu quốc gia (về giảm nghèo bền vững; Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi) giai đoạn 2021-2025 trên địa bàn huyện.
3. Xây dựng các công trình xóa nhà tạm, nhà dột nát đảm bảo an toàn, có chất lượng, có khả năng chống chịu tác động của thiên tai, biến đổi khí hậu, phù hợp với điều kiện, đặc điểm, bản sắc văn hóa, phong tục tập quán của các dân tộc trên địa bàn huyện, đúng đối tượng thụ hưởng, góp phần nâng cao chất lượng cuộc sống và giảm nghèo bền vững.
4. Sử dụng hiệu quả các nguồn lực, bảo đảm công bằng, dân chủ, công khai, minh bạch, đúng quy định, chống tham nhũng, tiêu cực, lãng phí với nguyên tắc hỗ trợ đến từng hộ gia đình, phù hợp với điều kiện thực tiễn và gắn với quy hoạch, kế hoạch phát triển kinh tế - xã hội của từng địa phương.
5. Thực hiện tốt công tác tuyên truyền, vận động, tạo sự đồng thuận trong xã hội để mọi tầng lớp Nhân dân ủng hộ và chia sẻ trách nhiệm với Nhà nước trong chung tay xóa nhà tạm, nhà dột nát trên địa bàn huyện trong năm 2025.""",
    ),
    (
        "III. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG",
        """\
1. Tiêu chí thi đua
a) Đối với các phòng, ban, ngành
- Căn cứ chức năng, nhiệm vụ được giao, thi đua xây dựng Kế hoạch và triển khai thực hiện có chất lượng, đúng thời hạn các văn bản chỉ đạo, hướng dẫn thực hiện chính sách, luật pháp, hỗ trợ nhà ở cho hộ có khó khăn về nhà ở.
- Chủ động, tích cực nghiên cứu, rà soát, kiến nghị cấp có thẩm quyền sửa đổi, bổ sung các cơ chế chính sách giảm nghèo, hoàn thiện hệ thống pháp luật về chính sách xã hội đảm bảo thống nhất, khả thi, phù hợp với yêu cầu thực tế của địa phương; trong đó chú trọng đổi mới cơ chế, chính sách về hỗ trợ nhà ở cho hộ có khó khăn về nhà ở. Có sáng kiến, giải pháp trong xây dựng, ban hành hoặc trình cấp có thẩm quyền ban hành, tổ chức thực hiện cơ chế chính sách, hướng dẫn tháo gỡ khó khăn cho cơ sở trong thực hiện giảm nghèo; đặc biệt là đổi mới cách tiếp cận về giảm nghèo, hướng dẫn thực hiện các chính sách hỗ trợ có điều kiện, tăng cường tin dụng chính sách xã hội cho người nghèo, trợ giúp xã hội đối với hộ nghèo không có khả năng lao động.
- Nâng cao năng lực, hiệu quả quản lý Nhà nước, đẩy mạnh cải cách hành chính theo hướng bảo đảm công khai, minh bạch, tạo điều kiện thuận lợi cho các địa phương, doanh nghiệp và người dân trong tiếp cận các chính sách xã hội, đặc biệt là chính sách về hỗ trợ nhà ở cho hộ có khó khăn về nhà ở.
- Tích cực và có nhiều giải pháp, sáng kiến trong chỉ đạo thực hiện công tác tuyên truyền, vận động cán bộ, công chức, viên chức, Nhân dân, doanh nghiệp tham gia chung tay, góp sức ủng hộ thực hiện chương trình xóa nhà tạm, nhà dột nát trên địa bàn huyện.
- Chủ động, tích cực huy động các nguồn lực, có nhiều sáng kiến, mô hình giảm nghèo bền vững được nhân rộng, giúp cho người nghèo tham gia lao động, phát triển sản xuất, kinh doanh, làm kinh tế giỏi, ổn định cuộc sống, vươn lên thoát nghèo bền vững.
- Tham mưu phân bổ, bố trí nguồn ngân sách cho các Chương trình mục tiêu quốc gia đảm bảo kịp thời, đúng theo kế hoạch đề ra; thực hiện hiệu quả chính sách tín dụng đối với hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo; tổ chức tín dụng có đóng góp, hỗ trợ thiết thực trong công tác giảm nghèo và hỗ trợ, giúp đỡ hiệu quả các xã hoặc thôn đặc biệt khó khăn và người nghèo.
- Tổ chức kiểm tra, giám sát, đôn đốc các địa phương được cấp có thẩm quyền phê duyệt thực hiện chính sách hỗ trợ nhà ở cho hộ có khó khăn về nhà ở theo đúng mục tiêu và yêu cầu.
b) Đối với Ủy ban nhân dân cấp xã
- Ban hành đề án, kế hoạch hỗ trợ việc xây dựng nhà ở đối với hộ có khó khăn về nhà ở trên địa bàn với mục tiêu đến tháng 6 năm 2025 xóa 100% nhà tạm, nhà dột nát trên địa bàn quản lý, để mọi người dân có nhà ở an toàn, ổn định, có khả năng chống chịu tác động của thiên tai, góp phần nâng cao chất lượng cuộc sống và giảm nghèo bền vững.
- Tổ chức thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo trên địa bàn đúng quy định, kịp thời, phù hợp với điều kiện thực tế của địa phương, đảm bảo việc hỗ trợ đúng đối tượng, đúng mục đích và có hiệu quả.
- Phối hợp với Mặt trận Tổ quốc và các tổ chức đoàn thể cùng cấp tổ chức kêu gọi, vận động các nguồn lực ủng hộ, giúp đỡ hộ gia đình thực hiện mục tiêu xóa nhà tạm, nhà dột nát trong năm 2025.
- Đẩy mạnh tuyên truyền, phổ biến chính sách hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo, người dân bị ảnh hưởng bởi thiên tai, biến đổi khí hậu, hộ gia đình người có công đến người dân bằng hình thức phù hợp. Công bố công khai các tiêu chí, đối tượng được thụ hưởng chính sách đảm bảo dân chủ, công bằng, minh bạch, đúng quy định để mọi người dân đều nắm rõ, hiểu biết đầy đủ và giám sát việc thực hiện các chính sách được hỗ trợ.
c) Đối với Mặt trận Tổ quốc Việt Nam, tổ chức chính trị - xã hội, tổ chức chính trị - xã hội - nghề nghiệp, tổ chức xã hội - nghề nghiệp, tổ chức xã hội các cấp
- Tuyên truyền, vận động đoàn viên, hội viên và Nhân dân hưởng ứng thực hiện Phong trào thi đua, tích cực tham gia đóng góp, ủng hộ giúp đỡ hộ nghèo, hộ cận nghèo xây mới và sửa chữa nhà ở. Kêu gọi, vận động các doanh nghiệp, tổ chức kinh tế tích cực tham gia đóng góp, ủng hộ xóa nhà tạm, nhà dột nát nhằm phát huy cao nhất khả năng huy động nguồn lực xã hội hóa từ cộng đồng.
- Tăng cường và phát huy hiệu quả công tác giám sát, phản biện xã hội trong việc thực hiện các chế độ, chính sách xóa nhà tạm, nhà dột nát.
d) Đối với các tổ chức, doanh nghiệp, hộ gia đình: Tích cực tham gia, chung tay, đóng góp, hưởng ứng Phong trào thi đua với phương châm: Ai có gì góp nấy, ai có công góp công, ai có của góp của, ai có nhiều góp nhiều, ai có ít góp ít, nhằm thực hiện thắng lợi mục tiêu xóa hoàn toàn nhà tạm, nhà dột nát trên địa bàn huyện trong năm 2025.
đ) Đối với cá nhân: Cán bộ, công chức, viên chức: Căn cứ nhiệm vụ được giao, chủ động, sáng tạo, hoàn thành tốt, hoàn thành xuất sắc nhiệm vụ tham mưu cho cơ quan, đơn vị xây dựng, ban hành hoặc trình cấp có thẩm quyền ban hành hướng dẫn, tổ chức thực hiện, kiểm tra, giám sát việc thực hiện cơ chế, chính sách để thực hiện các chương trình mục tiêu quốc gia đạt hiệu quả. Gương mẫu, tích cực hưởng ứng Phong trào thi đua, chung tay, góp sức ủng hộ chương trình xóa nhà tạm, nhà dột nát trên địa bàn toàn huyện.
e) Đối tượng khác: Tích cực hưởng ứng Phong trào thi đua, có nhiều đóng góp thiết thực, hiệu quả trong chương trình xóa nhà tạm, nhà dột nát trên địa bàn toàn huyện. Phối hợp tuyên truyền, lan tỏa những hoạt động thiết thực, ý nghĩa của các tổ chức, doanh nghiệp, người dân trong thực hiện các chương trình, dự án trọng điểm của Quốc gia, của tỉnh, huyện, xã về chương trình xóa nhà tạm, nhà dột nát; qua đó, tạo phong trào sâu rộng, thực chất, hiệu quả thực hiện xóa nhà tạm, nhà dột nát.
2. Hình thức và tiêu chuẩn khen thưởng
a) Hình thức khen thưởng
- Huân chương Lao động;
- Bằng khen của Thủ tướng Chính phủ;
- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh;
- Giấy khen của Chủ tịch Ủy ban nhân dân huyện;
- Giấy khen của các cơ quan, đơn vị, địa phương có thẩm quyền khen thưởng theo quy định.
b) Tiêu chuẩn khen thưởng: Căn cứ thành tích trong tổ chức, thực hiện Phong trào thi đua, việc xét khen thưởng cho các tập thể, hộ gia đình, cá nhân tiêu biểu, xuất sắc được thực hiện theo quy định của pháp luật về thi đua, khen thưởng.""",
    ),
    (
        "IV. GIẢI PHÁP THỰC HIỆN",
        """\
1. Đẩy mạnh công tác tuyên truyền chủ trương, đường lối của Đảng, chính sách của Nhà nước về hỗ trợ xóa nhà tạm, dột nát cho hộ có khó khăn về nhà ở đến đội ngũ cán bộ, công chức, đảng viên, các tổ chức đoàn thể và toàn thể Nhân dân; qua đó tạo được sự ủng hộ, đồng thuận của các tầng lớp Nhân dân trong thực hiện Phong trào thi đua, thiết thực chào mừng 80 năm ngày Cách mạng Tháng Tám thành công và Quốc khánh 2/9; đặc biệt là chào mừng Đại hội đại biểu Đảng bộ huyện lần thứ XVIII, Đại hội Đại biểu Đảng bộ tỉnh Kon Tum lần thứ XVII và Đại hội đại biểu toàn quốc lần thứ XIV của Đảng.
2. Các cơ quan, đơn vị, địa phương
- Theo chức năng, nhiệm vụ tiếp tục rà soát, tham mưu ban hành các cơ chế, chính sách và các văn bản chỉ đạo, triển khai việc hỗ trợ xóa nhà tạm, dột nát cho hộ có khó khăn về nhà ở.
- Ủy ban nhân dân các xã tiếp tục rà soát, nắm chắc số lượng hộ có khó khăn về nhà ở trên địa bàn để có kế hoạch, triển khai, thực hiện đảm bảo hỗ trợ đúng đối tượng, đúng mục đích, có hiệu quả, tạo đồng thuận cao trong xã hội.
- Tăng cường công tác kiểm tra, giám sát việc huy động, hỗ trợ và thực hiện, đảm bảo chính sách đến từng hộ nghèo, hộ cận nghèo có khó khăn về nhà ở thuộc diện đối tượng được hỗ trợ; không để xảy ra thất thoát, tiêu cực, đảm bảo các hộ nghèo, hộ cận nghèo có nhà ở đạt chất lượng theo quy định sau khi được hỗ trợ.
3. Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội huyện tuyên truyền, vận động, tập hợp, đoàn kết Nhân dân tích cực tham gia quyên góp, ủng hộ, giúp đỡ xóa nhà tạm, nhà dột nát cho các hộ có khó khăn về nhà ở.
4. Phát hiện, động viên, biểu dương, khen thưởng kịp thời các tập thể, hộ gia đình, cá nhân tiêu biểu xuất sắc trong Phong trào thi đua. Tập trung khen thưởng cán bộ, công chức, viên chức, người dân có những đề xuất, sáng kiến hoặc trực tiếp có đóng góp tích cực, góp phần xóa nhà tạm, nhà dột nát.""",
    ),
    (
        "V. THỜI GIAN, LỘ TRÌNH VÀ TỔ CHỨC THỰC HIỆN",
        """\
1. Thời gian, lộ trình thực hiện
- Phong trào thi đua được triển khai thực hiện từ tháng 9 năm 2024 và tổng kết vào cuối năm 2025.
- Phân đấu đến tháng 6 năm 2025 trong đó thứ tự ưu tiên: (1) Hộ người có công với cách mạng; (2) Hộ nghèo, hộ cận nghèo thuộc đối tượng thụ hưởng chính sách hỗ trợ nhà ở từ các Chương trình mục tiêu quốc gia; (3) Hộ nghèo, hộ cận nghèo không thuộc đối tượng thụ hưởng chính sách hỗ trợ nhà ở từ các Chương trình mục tiêu quốc gia; (4) Các hộ dân còn lại (Hộ mới chia tách thuộc hộ nghèo; hộ gia đình thuộc diện hộ nghèo nhưng chưa được công nhận; ...).
2. Tổ chức thực hiện
a) Các cơ quan, đơn vị, địa phương:
- Xây dựng kế hoạch cụ thể để tổ chức, triển khai có hiệu quả Phong trào thi đua, góp phần thực hiện thắng lợi mục tiêu xóa nhà tạm, nhà dột nát trên địa bàn huyện trong năm 2025.
- Tập trung lãnh đạo, chỉ đạo, quản lý có hiệu quả các nguồn lực để hoàn thành mục tiêu xóa nhà tạm, nhà dột nát cho hộ có khó khăn về nhà ở; triển khai đồng bộ các giải pháp để hỗ trợ người dân có công ăn, việc làm, có cuộc sống ấm no, hạnh phúc. Tiếp tục rà soát, đánh giá, thực hiện có hiệu quả các Chương trình mục tiêu Quốc gia, các dự án hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo thuộc các Chương trình.
- Thực hiện nghiêm các quy chuẩn, quy trình, quy định và tuân thủ đúng pháp luật trong quá trình thực hiện hỗ trợ nhà ở cho người dân đúng đối tượng, chất lượng, thiết thực, hiệu quả, không để xảy ra tiêu cực, tham nhũng, lãng phí.
- Ủy ban nhân dân các xã: (1) Thực hiện việc hỗ trợ nhà ở cho hộ có khó khăn về nhà ở trên địa bàn bảo đảm đúng đối tượng, tiêu chuẩn, định mức, không trùng lặp với các hoạt động hỗ trợ từ ngân sách Nhà nước, tuân thủ trình tự, thủ tục theo đúng quy định pháp luật, không để xảy ra thất thoát, lãng phí, tham nhũng, tiêu cực. Đối với số nhà tạm, nhà dột nát phát sinh thêm, địa phương tự huy động nguồn lực để hỗ trợ; (2) Bảo đảm điều kiện về hạ tầng, mặt bằng đất đai, vật liệu, lực lượng khi triển khai hỗ trợ xóa nhà tạm, nhà dột nát trên địa bàn theo quy định; (3) Chú trọng tổ chức triển khai hiệu quả Phong trào thi đua; tăng cường thông tin truyền thông, tạo đồng thuận xã hội, nhất là trong huy động nguồn lực tài chính, nhân công hỗ trợ cho công tác xóa nhà tạm, nhà dột nát trên địa bàn.
- Triển khai các nhiệm vụ khác theo phân công, chỉ đạo của Ban Chỉ đạo Xóa nhà tạm, nhà dột nát về triển khai xóa nhà tạm, nhà dột nát trên địa bàn huyện.
b) Phòng Giáo dục và Đào tạo: Tham mưu phối hợp với Ban Tuyên giáo Huyện uỷ tiếp tục chỉ đạo các cơ quan truyền thông trên địa bàn huyện đẩy mạnh công tác tuyên truyền về Phong trào thi đua, giới thiệu gương điển hình tiên tiến, mô hình hay, cách làm mới, sáng tạo, hiệu quả trong thực hiện Phong trào thi đua.
c) Trung tâm Văn hoá-Thể thao-Du lịch và Truyền thông: Thực hiện tốt công tác tuyên truyền, tạo đồng thuận xã hội để mọi người ủng hộ, chia sẻ, cộng đồng trách nhiệm trong chăm lo cho đời sống vật chất, tinh thần của người dân, nhất là người nghèo, người yếu thế, người có hoàn cảnh khó khăn, người bị tác động tiêu cực do thiên tai, biến đổi khí hậu, không để ai bị bỏ lại phía sau.
d) Phòng Tài chính - Kế hoạch:
- Phối hợp các cơ quan, đơn vị, địa phương có liên quan tham mưu cấp có thẩm quyền xem xét, bố trí kinh phí thực hiện Kế hoạch theo quy định của Luật ngân sách Nhà nước và các văn bản quy định hiện hành, phù hợp với khả năng cân đối ngân sách địa phương và theo phân cấp ngân sách nhà nước hiện hành;
- Hướng dẫn các cơ quan, đơn vị, địa phương liên quan quản lý, sử dụng, thanh quyết toán nguồn kinh phí được phân bổ theo đúng quy định của Luật Ngân sách nhà nước và các văn bản có liên quan trong quản lý nhà nước về lĩnh vực tài chính.
đ) Phòng Lao động - Thương binh và Xã hội:
- Tiếp tục triển khai thực hiện Chương trình mục tiêu quốc gia về giảm nghèo bền vững trên địa bàn huyện, chủ động cập nhật văn bản hướng dẫn của các Bộ, cơ quan Trung ương và của tỉnh, huyện để kịp thời tham mưu triển khai, hướng dẫn các cơ quan, đơn vị và địa phương tổ chức áp dụng triển khai thực hiện các nội dung, nhiệm vụ của Chương trình mục tiêu quốc gia về giảm nghèo theo đúng quy định của pháp luật.
- Chủ trì, phối hợp với Phòng Tài chính - Kế hoạch, Phòng Kinh tế và Hạ tầng và các cơ quan, đơn vị có liên quan hướng dẫn, kiểm tra, đôn đốc các địa phương trong thực hiện các nhiệm vụ được giao, nhất là xây dựng kế hoạch huy động, sử dụng nguồn lực hỗ trợ, đẩy nhanh tiến độ giải ngân tại địa phương; kịp thời tổng hợp khó khăn, vướng mắc từ thực tế để đề xuất, kiến nghị cụ thể với Ủy ban nhân dân huyện (nếu có).
- Làm đầu mối tiếp nhận kinh phí của các tổ chức cá nhân trong và ngoài huyện ủng hộ Phong trào thi đua; theo dõi, định kỳ hằng tháng tổng hợp số liệu và báo cáo Ủy ban nhân dân huyện về tình thực hiện triển khai Chương trình xóa nhà tạm, nhà dột nát trên địa bàn huyện theo quy định.
e) Phòng Kinh tế và Hạ tầng: Phối hợp với các cơ quan, đơn vị liên quan đôn đốc, hướng dẫn, xử lý kịp thời những khó khăn vướng mắc của địa phương trong quá trình thực hiện nhằm đảm bảo tiến độ thực hiện theo Kế hoạch; phối hợp với các cơ quan, đơn vị liên quan trong công tác kiểm tra, giám sát các địa phương triển khai thực hiện.
f) Phòng Nội vụ: Chủ trì, phối hợp với Phòng Lao động - Thương binh và Xã hội, Phòng Kinh tế và Hạ tầng hướng dẫn, theo dõi, đôn đốc các cơ quan, đơn vị, địa phương triển khai thực hiện Kế hoạch; báo cáo tình hình triển khai thực hiện Phong trào thi đua về Sở Nội vụ, Ủy ban nhân dân huyện theo quy định; tham mưu thực hiện công tác khen thưởng và tổng kết Phong trào thi đua theo quy định và hướng dẫn của Bộ Nội vụ¹.
h) Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, các tổ chức chính trị - xã hội, tổ chức chính trị - xã hội - nghề nghiệp, tổ chức xã hội - nghề nghiệp, tổ chức xã hội trên địa bàn huyện:
- Theo chức năng, nhiệm vụ phối hợp thực hiện tốt công tác tuyên truyền; vận động hội viên, đoàn viên, các tầng lớp Nhân dân tích cực tham gia hưởng ứng Phong trào thi đua. Qua đó, phát huy sức mạnh khối đại đoàn kết dân tộc để phấn đấu đến tháng 6 năm 2025 xóa hoàn toàn nhà tạm, nhà dột nát trên địa bàn huyện; góp phần triển khai thực hiện có hiệu quả chủ trương, đường lối của Đảng về tiếp tục đổi mới, nâng cao chất lượng chính sách xã hội, đáp ứng yêu cầu sự nghiệp xây dựng và bảo vệ tổ quốc trong giai đoạn mới.
- Huyện đoàn phối hợp với cấp uỷ, chính quyền địa phương, huy động. vận động lực lượng đoàn viên, thanh niên chia sẻ và vận động hỗ trợ việc xây dựng nhà ở cho các đối tượng trong Phong trào thi đua.
- Căn cứ Kế hoạch này, các cơ quan, đơn vị, địa phương chủ động triển khai thực hiện; báo cáo kết quả triển khai thực hiện Phong trào thi đua về Ủy ban nhân dân huyện (qua Phòng Nội vụ) trước ngày 25 tháng 10 năm 2025.
Quá trình thực hiện, nếu có phát sinh khó khăn, vướng mắc kịp thời báo cáo về Phòng Nội vụ để tổng hợp, tham mưu Ủy ban nhân dân huyện xem xét, điều chỉnh phù hợp./.
¹ Theo Hướng dẫn số 7290/HD-BNV ngày 14 tháng 11 năm 2024 của Bộ Nội vụ về việc khen thưởng thành tích trong Phong trào thi đua “Cả nước chung tay xóa nhà tạm, nhà dột nát trong năm 2025” và các văn bản có liên quan.""",
    ),
]

# Notes on the text: the seed's *italic* and **bold** marks are dropped (the words stay); its
# footnote ¹ follows section V, which cites it.


def _quote(first, last=None):
    return quote(SECTIONS, "V.", first, last)


SEED = {
    "key": "002",
    "organization": DISTRICT,
    "drafter": "drafter",
    "data": {
        "subject": SUBJECT,
        "preamble": PREAMBLE,
        "period_start": dt.date(2024, 9, 1),  # "triển khai thực hiện từ tháng 9 năm 2024"
        "period_end": dt.date(2025, 12, 31),  # "và tổng kết vào cuối năm 2025"
        "signing_authority": "KT.",
        "signer": "signer",
        "reviewers": ["reviewer", "reviewer2"],
        "legal_bases": LEGAL_BASES[:1],  # the second basis is added after the reviewer asks for it (steps)
        "body": seed_body(
            SECTIONS,
            targets=[  # "đến tháng 6 năm 2025 xóa 100% nhà tạm, nhà dột nát"
                {"at": "xóa 100% nhà tạm, nhà dột nát", "comparator": "exactly", "value": "100", "unit": "%"},
            ],
            tasks=[
                {"text": _quote("- Ủy ban nhân dân các xã: (1)"), "lead": "Ủy ban nhân dân các xã"},
                {"text": _quote("b) Phòng Giáo dục và Đào tạo"), "lead": "Phòng Giáo dục và Đào tạo"},
                {"text": _quote("c) Trung tâm Văn hoá-Thể thao"), "lead": "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông"},
                {"text": _quote("d) Phòng Tài chính - Kế hoạch", "- Hướng dẫn các cơ quan, đơn vị"), "lead": "Phòng Tài chính - Kế hoạch"},
                {
                    "text": _quote("đ) Phòng Lao động", "- Làm đầu mối tiếp nhận kinh phí"),
                    "lead": "Phòng Lao động - Thương binh và Xã hội",
                    "supporting": ["Phòng Tài chính - Kế hoạch", "Phòng Kinh tế và Hạ tầng"],
                },
                {"text": _quote("e) Phòng Kinh tế và Hạ tầng"), "lead": "Phòng Kinh tế và Hạ tầng"},
                {
                    "text": _quote("f) Phòng Nội vụ"),
                    "lead": "Phòng Nội vụ",
                    "supporting": ["Phòng Lao động - Thương binh và Xã hội", "Phòng Kinh tế và Hạ tầng"],
                },
                {"text": _quote("h) Đề nghị Ủy ban Mặt trận", "- Theo chức năng, nhiệm vụ phối hợp"), "lead": "Ủy ban MTTQ Việt Nam huyện"},
                {"text": _quote("- Huyện đoàn phối hợp"), "lead": "Huyện đoàn"},
                {
                    # Every body reports through Phòng Nội vụ, which compiles for the district.
                    "text": _quote("- Căn cứ Kế hoạch này, các cơ quan"),
                    "lead": "Phòng Nội vụ",
                    "supporting": [
                        "Phòng Giáo dục và Đào tạo",
                        "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông",
                        "Phòng Tài chính - Kế hoạch",
                        "Phòng Lao động - Thương binh và Xã hội",
                        "Phòng Kinh tế và Hạ tầng",
                        "Ủy ban nhân dân các xã",
                        "Ủy ban MTTQ Việt Nam huyện",
                        "Huyện đoàn",
                    ],
                    "schedule": {"kind": "once", "date": dt.date(2025, 10, 25)},  # "trước ngày 25 tháng 10 năm 2025"
                    "timing": {"kind": "by", "date": dt.date(2025, 10, 25)},
                },
            ],
        ),
        "recipients": [
            ("Ủy ban nhân dân tỉnh", "b/c", PROVINCE),
            ("Hội đồng TĐKT tỉnh (Sở Nội vụ)", "b/c", None),
            ("Cụm thi đua số 02 năm 2025 (UBND huyện Kon Rẫy, UBND huyện Kon Plong, UBND huyện Sa Thầy, UBND Thành Phố Kon Tum)", "", None),
            ("Thường trực Huyện uỷ", "b/c", None),
            ("Thường trực HĐND huyện", "b/c", None),
            ("Chủ tịch, các PCT UBND huyện", "đ/b", None),
            ("Ủy ban MTTQVN huyện", "p/h", "Ủy ban MTTQ Việt Nam huyện"),
            ("Các Ban xây dựng Đảng thuộc Huyện uỷ", "", None),
            ("Các tổ chức chính trị - xã hội, tổ chức chính trị - xã hội - nghề nghiệp, tổ chức xã hội trên địa bàn huyện", "", None),
            ("Các cơ quan, đơn vị, trực thuộc UBND huyện", "", None),
            ("UBND các xã", "", "Ủy ban nhân dân các xã"),
            ("Trang TTĐT huyện", "", None),
            ("VT", "lưu", None),
        ],
    },
    # In review: returned once for a missing legal basis, completed and resubmitted; the second
    # reviewer has agreed, `reviewer` has not yet (log in as reviewer to approve it).
    "steps": [
        ("submit", "drafter", {"comment": "Kính trình thẩm định dự thảo kế hoạch."}),
        (
            "return_for_revision",
            "reviewer",
            {"comment": "Đề nghị bổ sung căn cứ Kế hoạch số 08-KH/BCĐ ngày 09/01/2025 của Ban Chỉ đạo Xóa nhà tạm, nhà dột nát."},
        ),
        ("edit", "drafter", {"legal_bases": LEGAL_BASES}),
        ("submit", "drafter", {"comment": "Đã bổ sung căn cứ theo ý kiến thẩm định."}),
        ("approve", "reviewer2", {"comment": "Đồng ý."}),
    ],
    "state": "review",
}
